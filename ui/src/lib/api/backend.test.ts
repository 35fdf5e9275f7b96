// The Backend contract: every typed method maps to the documented HTTP route (docs/api.md)
// and to the Tauri command of the same name with the same argument object; errors cross as
// {code, message} either way.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn(async () => () => {}) }));
vi.mock('@tauri-apps/api/webview', () => ({ getCurrentWebview: () => ({ onDragDropEvent: async () => () => {} }) }));
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn(), save: vi.fn() }));

import { BackendError, type BaseBackend } from './backend';
import { ROUTES, type Command } from './commands';
import { HttpBackend, type EventSourceLike } from './http';
import { TauriBackend } from './tauri';
import { ERROR_TITLES } from '../i18n.svelte';
import type { AppEvent } from './types';

const TPS = '3303192003004';

/** Every Backend method the UI uses, with the command and args it must produce. */
const CASES: { name: string; run: (b: BaseBackend) => Promise<unknown>; command: Command; args: Record<string, unknown>; http: string }[] = [
  { name: 'workspaceSummary', run: (b) => b.workspaceSummary(), command: 'workspace_summary', args: {}, http: 'GET /api/workspace' },
  { name: 'cropLearning', run: (b) => b.cropLearning(), command: 'crop_learning', args: {}, http: 'GET /api/crops/learning' },
  { name: 'election', run: (b) => b.election(), command: 'election', args: {}, http: 'GET /api/election' },
  { name: 'organisation', run: (b) => b.organisation(), command: 'organisation', args: {}, http: 'GET /api/organisation' },
  { name: 'addPanel', run: (b) => b.addPanel('Panel A'), command: 'add_panel', args: { name: 'Panel A' }, http: 'POST /api/panels' },
  { name: 'assignDesa', run: (b) => b.assignDesa(2, '3303192001'), command: 'assign_desa', args: { id: 2, desa: '3303192001' }, http: 'POST /api/panels/2/desa' },
  { name: 'setPanelChair', run: (b) => b.setPanelChair(2, null), command: 'set_panel_chair', args: { id: 2, member: null }, http: 'POST /api/panels/2/chair' },
  { name: 'handOverTps', run: (b) => b.handOverTps(TPS, 3, 'alasan'), command: 'hand_over_tps', args: { tps: TPS, panel: 3, reason: 'alasan' }, http: `POST /api/tps/${TPS}/handover` },
  { name: 'setKppsPanels', run: (b) => b.setKppsPanels(TPS, 2), command: 'set_kpps_panels', args: { tps: TPS, count: 2 }, http: `POST /api/tps/${TPS}/kpps-panels` },
  { name: 'policy', run: (b) => b.policy(), command: 'policy', args: {}, http: 'GET /api/settings/policy' },
  {
    name: 'setPolicy',
    run: (b) => b.setPolicy({ min_field_confidence: 0.9, min_digit_probability: 0.95, warnings_need_review: false }),
    command: 'set_policy',
    args: { min_field_confidence: 0.9, min_digit_probability: 0.95, warnings_need_review: false },
    http: 'PUT /api/settings/policy',
  },
  { name: 'setMaxPanels', run: (b) => b.setMaxPanels(5, 'SK 12'), command: 'set_max_panels', args: { max: 5, reason: 'SK 12' }, http: 'PUT /api/settings/max-panels' },
  { name: 'devices', run: (b) => b.devices(), command: 'devices', args: {}, http: 'GET /api/devices' },
  {
    name: 'createDevice',
    run: (b) => b.createDevice({ name: 'Laptop 2', person: 'Agus', role: 'panel_member', panel: 2 }),
    command: 'create_device',
    args: { name: 'Laptop 2', person: 'Agus', role: 'panel_member', panel: 2 },
    http: 'POST /api/devices',
  },
  { name: 'revokeDevice', run: (b) => b.revokeDevice(7), command: 'revoke_device', args: { id: 7 }, http: 'POST /api/devices/7/revoke' },
  { name: 'queue', run: (b) => b.queue({ panel: 1, contest: 'dprd_kab' }), command: 'queue', args: { panel: 1, contest: 'dprd_kab' }, http: 'GET /api/queue?panel=1&contest=dprd_kab' },
  { name: 'form', run: (b) => b.form(TPS, 'dprd_kab'), command: 'form', args: { tps: TPS, contest: 'dprd_kab' }, http: `GET /api/forms/${TPS}/dprd-kab` },
  {
    name: 'confirmForm',
    run: (b) => b.confirmForm(TPS, 'ppwp', true, 4),
    command: 'confirm_form',
    args: { tps: TPS, contest: 'ppwp', acknowledge_warnings: true, objection: 4 },
    http: `POST /api/forms/${TPS}/ppwp/confirm`,
  },
  {
    name: 'correctField',
    run: (b) => b.correctField(TPS, 'ppwp', 'suara_paslon_2', 152, 'salah baca'),
    command: 'correct_field',
    args: { tps: TPS, contest: 'ppwp', key: 'suara_paslon_2', value: 152, reason: 'salah baca', objection: null },
    http: `PUT /api/forms/${TPS}/ppwp/fields/suara_paslon_2`,
  },
  { name: 'acceptSuggestion', run: (b) => b.acceptSuggestion(TPS, 'ppwp', 0), command: 'accept_suggestion', args: { tps: TPS, contest: 'ppwp', index: 0 }, http: `POST /api/forms/${TPS}/ppwp/suggestions/0/accept` },
  { name: 'requestRecount', run: (b) => b.requestRecount(TPS, 'dpr', 'R10'), command: 'request_recount', args: { tps: TPS, contest: 'dpr', reason: 'R10' }, http: `POST /api/forms/${TPS}/dpr/recount` },
  {
    name: 'enterRecount',
    run: (b) => b.enterRecount(TPS, 'dpr', { suara_sah: 5 }, 'kotak dibuka'),
    command: 'enter_recount',
    args: { tps: TPS, contest: 'dpr', values: { suara_sah: 5 }, note: 'kotak dibuka' },
    http: `POST /api/forms/${TPS}/dpr/recount-result`,
  },
  { name: 'enterForm', run: (b) => b.enterForm(TPS, 'dpd', { suara_sah: 5 }), command: 'enter_form', args: { tps: TPS, contest: 'dpd', values: { suara_sah: 5 }, reason: null }, http: `POST /api/forms/${TPS}/dpd/entries` },
  { name: 'fieldHistory', run: (b) => b.fieldHistory(TPS, 'ppwp', 'suara_sah'), command: 'field_history', args: { tps: TPS, contest: 'ppwp', key: 'suara_sah' }, http: `GET /api/forms/${TPS}/ppwp/fields/suara_sah/history` },
  { name: 'pages', run: (b) => b.pages({ status: 'rejected' }), command: 'pages', args: { status: 'rejected' }, http: 'GET /api/pages?status=rejected' },
  { name: 'page', run: (b) => b.page(7), command: 'page', args: { id: 7 }, http: 'GET /api/pages/7' },
  {
    name: 'assignPage',
    run: (b) => b.assignPage(7, TPS, 'ppwp', 102, 'salah folder'),
    command: 'assign_page',
    args: { id: 7, tps: TPS, contest: 'ppwp', page_code: 102, reason: 'salah folder' },
    http: 'POST /api/pages/7/assign',
  },
  {
    name: 'setCorners',
    run: (b) => b.setCorners(7, [[1, 2], [3, 4], [5, 6], [7, 8]]),
    command: 'set_corners',
    args: { id: 7, corners: [[1, 2], [3, 4], [5, 6], [7, 8]] },
    http: 'POST /api/pages/7/corners',
  },
  { name: 'importPhotos', run: (b) => b.importPhotos(['/foto']), command: 'import_photos', args: { paths: ['/foto'] }, http: 'POST /api/import' },
  { name: 'importUploads', run: (b) => b.importUploads('k-abc-0123456789'), command: 'import_uploads', args: { batch: 'k-abc-0123456789' }, http: 'POST /api/uploads/k-abc-0123456789/import' },
  { name: 'importFigures', run: (b) => b.importFigures('/hasil.xlsx'), command: 'import_figures', args: { path: '/hasil.xlsx' }, http: 'POST /api/import/figures' },
  { name: 'jobs', run: (b) => b.jobs(), command: 'jobs', args: {}, http: 'GET /api/jobs' },
  { name: 'job', run: (b) => b.job(3), command: 'job', args: { id: 3 }, http: 'GET /api/jobs/3' },
  { name: 'cancelJob', run: (b) => b.cancelJob(3), command: 'cancel_job', args: { id: 3 }, http: 'POST /api/jobs/3/cancel' },
  { name: 'objections', run: (b) => b.objections(), command: 'objections', args: {}, http: 'GET /api/objections' },
  {
    name: 'raiseObjection',
    run: (b) => b.raiseObjection({ kind: 'keberatan', raised_by: 'Saksi 01', tps: TPS, contest: 'ppwp', fields: ['suara_paslon_1'], text: 'beda' }),
    command: 'raise_objection',
    args: { kind: 'keberatan', raised_by: 'Saksi 01', desa: null, tps: TPS, contest: 'ppwp', fields: ['suara_paslon_1'], text: 'beda' },
    http: 'POST /api/objections',
  },
  { name: 'resolveObjection', run: (b) => b.resolveObjection(4, false, 'ditolak'), command: 'resolve_objection', args: { id: 4, accepted: false, resolution: 'ditolak' }, http: 'POST /api/objections/4/resolve' },
  { name: 'signoffs', run: (b) => b.signoffs(), command: 'signoffs', args: {}, http: 'GET /api/signoffs' },
  { name: 'closeDesa', run: (b) => b.closeDesa('3303192003'), command: 'close_desa', args: { desa: '3303192003', note: null }, http: 'POST /api/desa/3303192003/close' },
  { name: 'finalizeKecamatan', run: (b) => b.finalizeKecamatan('selesai'), command: 'finalize_kecamatan', args: { note: 'selesai' }, http: 'POST /api/kecamatan/finalize' },
  { name: 'reopenSignoff', run: (b) => b.reopenSignoff(9, 'keberatan', 4), command: 'reopen_signoff', args: { id: 9, reason: 'keberatan', objection: 4 }, http: 'POST /api/signoffs/9/reopen' },
  { name: 'recap', run: (b) => b.recap(), command: 'recap', args: {}, http: 'GET /api/recap' },
  {
    name: 'print',
    run: (b) => b.print({ doc: 'd-hasil', contest: 'ppwp' }),
    command: 'print',
    args: { doc: 'd-hasil', contest: 'ppwp', paper: 'a4', provisional: false },
    http: 'POST /api/print',
  },
  { name: 'exportFiles', run: (b) => b.exportFiles('xlsx'), command: 'export', args: { format: 'xlsx' }, http: 'POST /api/export' },
  { name: 'bundleExport', run: (b) => b.bundleExport(), command: 'bundle_export', args: { dest: null, with_crops: false }, http: 'POST /api/bundle/export' },
  { name: 'bundleImport', run: (b) => b.bundleImport('/b.zip'), command: 'bundle_import', args: { path: '/b.zip', fingerprint: null, replace: false }, http: 'POST /api/bundle/import' },
  { name: 'audit', run: (b) => b.audit({ kind: 'form_agreed', limit: 50 }), command: 'audit', args: { kind: 'form_agreed', limit: 50 }, http: 'GET /api/audit?kind=form_agreed&limit=50' },
  { name: 'auditKinds', run: (b) => b.auditKinds(), command: 'audit_kinds', args: {}, http: 'GET /api/audit/kinds' },
  { name: 'verifyAudit', run: (b) => b.verifyAudit(), command: 'verify_audit', args: {}, http: 'POST /api/audit/verify' },
  { name: 'keyStatus', run: (b) => b.keyStatus(), command: 'key_status', args: {}, http: 'GET /api/key' },
  { name: 'unlockKey', run: (b) => b.unlockKey('rapat pleno'), command: 'unlock_key', args: { passphrase: 'rapat pleno' }, http: 'POST /api/key/unlock' },
  { name: 'lockKey', run: (b) => b.lockKey(), command: 'lock_key', args: {}, http: 'POST /api/key/lock' },
  { name: 'calibratedLayouts', run: (b) => b.calibratedLayouts(), command: 'calibrated_layouts', args: {}, http: 'GET /api/layouts' },
  { name: 'detectLayout', run: (b) => b.detectLayout('/contoh.png', 'dpd-kantor', 1102), command: 'detect_layout_sample', args: { sample: '/contoh.png', id: 'dpd-kantor', page_code: 1102 }, http: 'POST /api/layouts/detect' },
  { name: 'installLayout', run: (b) => b.installLayout(302, { id: 'd' }, ['suara_calon_1', null]), command: 'install_layout', args: { page_code: 302, layout: { id: 'd' }, names: ['suara_calon_1', null] }, http: 'POST /api/layouts' },
  { name: 'installLayoutFile', run: (b) => b.installLayoutFile(302, '/kirim/tata-letak-302.json'), command: 'install_layout_file', args: { page_code: 302, path: '/kirim/tata-letak-302.json' }, http: 'POST /api/layouts/file' },
  { name: 'removeLayout', run: (b) => b.removeLayout(302), command: 'remove_layout', args: { page_code: 302 }, http: 'POST /api/layouts/302/remove' },
  { name: 'modelInUse', run: (b) => b.modelInUse(), command: 'model_in_use', args: {}, http: 'GET /api/model' },
  { name: 'checkModel', run: (b) => b.checkModel('/kirim/digits-kab.onnx'), command: 'check_model', args: { path: '/kirim/digits-kab.onnx' }, http: 'POST /api/model/check' },
  { name: 'installModel', run: (b) => b.installModel('/kirim/digits-kab.onnx', 'Kab 2026-12', 'surat 12', '/kirim/training.json'), command: 'install_model', args: { path: '/kirim/digits-kab.onnx', name: 'Kab 2026-12', reason: 'surat 12', card: '/kirim/training.json' }, http: 'POST /api/model' },
  { name: 'removeModel', run: (b) => b.removeModel('ditarik'), command: 'remove_model', args: { reason: 'ditarik' }, http: 'POST /api/model/remove' },
  {
    name: 'protectKey',
    run: (b) => b.protectKey('rapat pleno baru', 'rapat pleno baru', 'rapat pleno'),
    command: 'protect_key',
    args: { passphrase: 'rapat pleno baru', repeated: 'rapat pleno baru', current: 'rapat pleno' },
    http: 'POST /api/key/protect',
  },
  { name: 'backup', run: (b) => b.backup('/media/flashdisk'), command: 'backup', args: { folder: '/media/flashdisk' }, http: 'POST /api/backup' },
  { name: 'selection', run: (b) => b.selection(), command: 'selection', args: {}, http: 'GET /api/selection' },
  {
    name: 'setSelection',
    run: (b) => b.setSelection({ tps: TPS, contest: 'ppwp', field: 'suara_sah' }),
    command: 'set_selection',
    args: { tps: TPS, contest: 'ppwp', field: 'suara_sah', page: null },
    http: 'POST /api/selection',
  },
  { name: 'floor', run: (b) => b.floor(), command: 'floor', args: {}, http: 'GET /api/floor' },
  { name: 'giveFloor', run: (b) => b.giveFloor(2), command: 'give_floor', args: { panel: 2 }, http: 'POST /api/floor' },
  { name: 'giveFloor back', run: (b) => b.giveFloor(null), command: 'give_floor', args: { panel: null }, http: 'POST /api/floor' },
  {
    name: 'importUploadedFigures',
    run: (b) => b.importUploadedFigures('k-abc-0123456789', 'hasil.xlsx'),
    command: 'import_uploaded_figures',
    args: { batch: 'k-abc-0123456789', path: 'hasil.xlsx' },
    http: 'POST /api/uploads/k-abc-0123456789/figures',
  },
  { name: 'outputs', run: (b) => b.outputs(), command: 'outputs', args: {}, http: 'GET /api/files' },
  { name: 'qr', run: (b) => b.qr('http://10.0.0.2:8470/?kode=K7PM3QXA'), command: 'qr', args: { text: 'http://10.0.0.2:8470/?kode=K7PM3QXA' }, http: 'GET /api/qr?text=http%3A%2F%2F10.0.0.2%3A8470%2F%3Fkode%3DK7PM3QXA' },
];

function recordingHttp(response: { status?: number; body?: unknown } = {}) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return new Response(response.body === undefined ? '{}' : JSON.stringify(response.body), {
      status: response.status ?? 200,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  const b = new HttpBackend({ base: 'http://127.0.0.1:7878', token: 'tok en', fetch: fetch as unknown as typeof globalThis.fetch });
  b.setWho({ actor: 'Siti Aminah', panel: 2 });
  return { b, calls };
}

function recordingTauri(result: unknown = {}) {
  const calls: { cmd: string; args?: Record<string, unknown> }[] = [];
  const invoke = vi.fn(async (cmd: string, args?: Record<string, unknown>) => {
    calls.push({ cmd, args });
    return result;
  });
  const b = new TauriBackend(invoke as never);
  b.setWho({ actor: 'Siti Aminah', panel: 2 });
  return { b, calls };
}

describe('the command table', () => {
  it('has a contract case for every command', () => {
    const covered = new Set(CASES.map((c) => c.command));
    expect(Object.keys(ROUTES).filter((c) => !covered.has(c as Command))).toEqual([]);
  });
});

describe('HttpBackend', () => {
  it.each(CASES)('$name → $http', async (c) => {
    const { b, calls } = recordingHttp();
    await c.run(b);
    expect(calls).toHaveLength(1);
    const { url, init } = calls[0];
    const u = new URL(url);
    expect(`${init.method} ${u.pathname}${u.search}`).toBe(c.http);
    const headers = init.headers as Record<string, string>;
    expect(headers.Authorization).toBe('Bearer tok en');
    const route = ROUTES[c.command];
    if (route.access === 'write') {
      expect(decodeURIComponent(headers['X-Pleno-Actor'])).toBe('Siti Aminah');
      expect(headers['X-Pleno-Panel']).toBe('2');
    } else {
      expect(headers['X-Pleno-Actor']).toBeUndefined();
    }
    if (route.method !== 'GET') {
      // The body is the argument object minus the path parameters.
      const body = JSON.parse(String(init.body));
      const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const expected = Object.fromEntries(Object.entries(c.args).filter(([k]) => !pathParams.includes(k)));
      expect(body).toEqual(expected);
    }
  });

  it('percent-encodes a non-ASCII actor name', () => {
    const b = new HttpBackend({ token: 't' });
    b.setWho({ actor: 'Ñoman Śari' });
    const { init } = b.request('confirm_form', { tps: TPS, contest: 'ppwp', acknowledge_warnings: false });
    expect((init.headers as Record<string, string>)['X-Pleno-Actor']).toBe('%C3%91oman%20%C5%9Aari');
  });

  it('refuses a write before a clerk name is known, without calling the server', async () => {
    const { b, calls } = recordingHttp();
    b.setWho(null);
    await expect(b.confirmForm(TPS, 'ppwp', false)).rejects.toMatchObject({ code: 'actor_required' });
    expect(calls).toHaveLength(0);
  });

  it('turns an error response into {code, message}', async () => {
    const { b } = recordingHttp({ status: 400, body: { code: 'reason_required', message: 'tuliskan alasannya' } });
    const err = await b.correctField(TPS, 'ppwp', 'suara_sah', 1, '').catch((e) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect(err).toMatchObject({ code: 'reason_required', message: 'tuliskan alasannya', status: 400 });
  });

  it('names a server that is not there', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const b = new HttpBackend({ fetch: fetch as unknown as typeof globalThis.fetch });
    await expect(b.workspaceSummary()).rejects.toMatchObject({ code: 'offline' });
  });

  it('passes the token to images and the event stream in the query', async () => {
    const sources: { url: string; es: EventSourceLike }[] = [];
    const b = new HttpBackend({
      base: 'http://h:1',
      token: 'abc',
      eventSource: (url) => {
        const es: EventSourceLike = { onmessage: null, onerror: null, close: vi.fn() };
        sources.push({ url, es });
        return es;
      },
    });
    expect(await b.pageImageUrl(5, 800)).toBe('http://h:1/api/pages/5/image?max=800&token=abc');
    const got: AppEvent[] = [];
    const un = b.subscribe((e) => got.push(e));
    expect(sources).toHaveLength(1);
    expect(sources[0].url).toBe('http://h:1/api/events?token=abc');
    sources[0].es.onmessage?.({ data: JSON.stringify({ type: 'selection', tps: TPS, contest: 'ppwp', field: 'suara_sah', page: null }) });
    sources[0].es.onmessage?.({ data: 'not json' });
    expect(got).toEqual([{ type: 'selection', tps: TPS, contest: 'ppwp', field: 'suara_sah', page: null }]);
    // Each (re)connection tells the screens to fetch what they may have missed.
    let opened = 0;
    const off = b.onConnected(() => opened++);
    sources[0].es.onopen?.({});
    sources[0].es.onopen?.({});
    off();
    sources[0].es.onopen?.({});
    expect(opened).toBe(2);
    un();
    expect(sources[0].es.close).toHaveBeenCalled();
  });
});

describe('TauriBackend', () => {
  it.each(CASES)('$name → invoke(read|write, $command)', async (c) => {
    const { b, calls } = recordingTauri();
    await c.run(b);
    expect(calls).toHaveLength(1);
    const access = ROUTES[c.command].access;
    // Reads go through `read` (the projector may call it), the rest through `write`.
    expect(calls[0].cmd).toBe(access === 'read' ? 'read' : 'write');
    const expected =
      access === 'read'
        ? { name: c.command, args: c.args }
        : { name: c.command, args: c.args, who: access === 'write' ? { actor: 'Siti Aminah', panel: 2 } : null };
    expect(calls[0].args).toEqual(expected);
  });

  it('passes on {code, message} errors from the shell', async () => {
    const b = new TauriBackend((async () => {
      throw { code: 'form_has_errors', message: 'formulir belum dapat disepakati' };
    }) as never);
    b.setWho({ actor: 'A' });
    await expect(b.confirmForm(TPS, 'ppwp', false)).rejects.toMatchObject({ code: 'form_has_errors', message: 'formulir belum dapat disepakati' });
  });

  it('reads an error that arrives as a JSON string', async () => {
    const b = new TauriBackend((async () => {
      throw '{"code":"no_workspace","message":"buka ruang kerja dulu"}';
    }) as never);
    await expect(b.workspaceSummary()).rejects.toMatchObject({ code: 'no_workspace' });
  });
});

describe('error codes', () => {
  it('every code of docs/api.md has an Indonesian and English title', () => {
    // Tests run from the repository root (npm test) or from ui/.
    let dir = process.cwd();
    while (!existsSync(join(dir, 'docs/api.md')) && dirname(dir) !== dir) dir = dirname(dir);
    const doc = readFileSync(join(dir, 'docs/api.md'), 'utf8');
    const start = doc.indexOf('## Error codes');
    const end = doc.indexOf('Tauri commands', start);
    const section = doc.slice(start, end > start ? end : undefined);
    const codes = [...section.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]).filter((c) => c.includes('_') || /^[a-z]+$/.test(c));
    const missing = codes.filter((c) => !ERROR_TITLES[c] && !['code'].includes(c));
    expect(codes.length).toBeGreaterThan(15);
    expect(missing).toEqual([]);
  });
});

describe('HttpBackend.downloadFile', () => {
  it('fetches the file with the token in a header and saves it under its own name', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: String(url), init: init ?? {} });
      return new Response(new Blob(['%PDF-1.7']), { status: 200, headers: { 'Content-Type': 'application/pdf' } });
    });
    const b = new HttpBackend({ base: 'http://127.0.0.1:7878', token: 'tok', fetch: fetch as unknown as typeof globalThis.fetch });
    const saved: string[] = [];
    URL.createObjectURL = vi.fn(() => 'blob:pdf');
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(`${this.download} ${this.href}`);
    });
    await b.downloadFile({ folder: 'dokumen', name: 'D Hasil ppwp.pdf' });
    click.mockRestore();
    expect(calls[0].url).toBe('http://127.0.0.1:7878/api/files/dokumen/D%20Hasil%20ppwp.pdf');
    expect((calls[0].init.headers as Record<string, string>).Authorization).toBe('Bearer tok');
    expect(saved).toEqual(['D Hasil ppwp.pdf blob:pdf']);
  });

  it('passes the server refusal on', async () => {
    const fetch = vi.fn(async () =>
      new Response(JSON.stringify({ code: 'forbidden', message: 'layar saksi menampilkan angka saja' }), { status: 403 }),
    );
    const b = new HttpBackend({ token: 'tok', fetch: fetch as unknown as typeof globalThis.fetch });
    await expect(b.downloadFile({ folder: 'dokumen', name: 'x.pdf' })).rejects.toMatchObject({ code: 'forbidden', status: 403 });
  });
});
