// LAN plenary E2E (issue 18): `pleno serve` (its UI from inside the program) on the demo workspace; the operator makes a
// device in Persiapan and reads its code; two browser contexts pair as the laptops of panel 1
// (its chair) and panel 2 (a member), a third as the projector. Panel 2 takes the 652 → 152
// suggestion and the projector shows 152 with panel 2's person in the history; panel 1's
// write based on the old figure gets 409 naming who changed what; panel 2 may
// not close panel 1's desa (403), the chair of panel 1 may not close panel 2's; panel 1 sends
// a folder of photos from its browser, read on the workstation; the operator gives panel 2 the
// floor and the projector follows panel 2's laptop; panel 1 downloads a PDF the workstation
// printed; an operator laptop sends a figures workbook; `pleno serve --tls` shows its
// certificate's fingerprint on the pairing screen; a revoked
// laptop is sent back to the pairing screen. Output: tests/output/lan/.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { DEMO_FIGURES, OUTPUT, ROOT, freePort, plenoBin, prepareWorkspace, start, steps, stopAll, until } from './support.mjs';

const OUT = join(OUTPUT, 'lan');
const FULL = 'lan-full-token-0123456789abcdef';
const READ = 'lan-read-token-0123456789abcdef';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const MISREAD = { tps: '3303192003004', contest: 'ppwp', desa: '3303192003' }; // TLAGAYASA
const OTHER_DESA = '3303192001'; // KARANGJATI

const dist = join(ROOT, 'ui/dist');
if (!existsSync(join(dist, 'index.html'))) {
  console.error("ui/dist belum ada: jalankan 'npm run build' dulu");
  process.exit(2);
}
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const run = steps('lan');
const { step } = run;
let browser;
let failed = false;
const shots = [];
let base;

async function api(path, init = {}) {
  const r = await fetch(`${base}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${FULL}`, 'X-Pleno-Actor': 'Operator PPK', 'Content-Type': 'application/json', ...(init.headers ?? {}) },
  });
  const body = await r.json().catch(() => null);
  if (!r.ok) throw new Error(`${path}: ${r.status} ${JSON.stringify(body)}`);
  return body;
}

async function shot(page, name, what) {
  await page.screenshot({ path: join(OUT, `${name}.png`) });
  shots.push({ file: `tests/output/lan/${name}.png`, what });
}

/** A fresh browser context that pairs with `code` on the pairing screen. */
async function pairedPage(code, laptop, viewport = { width: 1366, height: 768 }, ready = 'device-identity') {
  const ctx = await browser.newContext({ viewport, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
  const page = await ctx.newPage();
  page.errors = [];
  page.on('console', (m) => m.type() === 'error' && page.errors.push(m.text()));
  await page.goto(`${base}/`);
  await page.getByTestId('pairing').waitFor({ timeout: 15000 });
  await page.getByTestId('pairing-code').fill(code.toLowerCase());
  await page.getByTestId('pairing-name').fill(laptop);
  await page.getByTestId('pairing-submit').click();
  // The page starts again with the stored token: the top bar names the device (a display
  // goes straight to the projector screen).
  await page.getByTestId(ready).waitFor({ timeout: 15000 });
  return page;
}

/** A use case called from inside the page, with the token the page holds. */
function fromPage(page, method, path, body) {
  return page.evaluate(
    async ([method, path, body]) => {
      const token = localStorage.getItem('pleno.device-token');
      const r = await fetch(path, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'X-Pleno-Actor': 'Ketua KPU' },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: r.status, body: await r.json().catch(() => null) };
    },
    [method, path, body],
  );
}

try {
  let ws;
  await step('ruang kerja demo dengan angka C.Hasil dan dua panel', async () => {
    ws = prepareWorkspace(join(OUT, 'ws'));
    const port = freePort();
    base = `http://127.0.0.1:${port}`;
    // The UI comes from inside the program (pleno-app's build.rs), as on an office's machine.
    const serve = start(plenoBin(), ['serve', ws.dir, '--bind', `127.0.0.1:${port}`, '--token', FULL, '--read-token', READ]);
    await until(async () => (await fetch(`${base}/api/health`)).ok, 30000, 'pleno serve').catch((e) => {
      throw new Error(`${e.message}\n${serve.output}`);
    });
    const served = await (await fetch(`${base}/`)).text();
    if (served !== readFileSync(join(dist, 'index.html'), 'utf8')) {
      throw new Error('pleno serve menyajikan antarmuka lain dari ui/dist: bangun ulang pleno (cargo build -p pleno-cli) setelah npm run build');
    }
    await api('/api/import/figures', { method: 'POST', body: JSON.stringify({ path: DEMO_FIGURES }) });
    for (const [i, desa] of [[1, MISREAD.desa], [2, OTHER_DESA]]) {
      await api('/api/panels', { method: 'POST', body: JSON.stringify({ name: `Panel ${i}` }) });
      await api(`/api/panels/${i}/desa`, { method: 'POST', body: JSON.stringify({ desa }) });
    }
    return ws.how;
  });

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });

  let chairCode;
  let operator;
  await step('operator membuat perangkat di Persiapan dan membacakan kodenya', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
    operator = await ctx.newPage();
    await operator.goto(`${base}/?token=${FULL}#/persiapan`);
    await operator.getByRole('heading', { name: 'Persiapan' }).waitFor();
    await operator.getByText('Kec. SUKAMAJU').first().waitFor();
    await operator.getByTestId('who').click();
    await operator.getByRole('textbox', { name: 'Nama petugas' }).fill('Operator PPK');
    await operator.getByRole('button', { name: 'Simpan' }).click();
    await operator.getByTestId('who').getByText('Operator PPK').waitFor();
    await operator.locator('dialog[open]').waitFor({ state: 'detached' }).catch(() => {});
    await operator.getByRole('tab', { name: 'Perangkat jaringan' }).click();
    await operator.getByTestId('device-name').fill('Laptop meja panel 1');
    await operator.getByTestId('device-person').fill('Rina Wulandari');
    await operator.getByTestId('device-role').selectOption('panel_chair');
    await operator.getByTestId('device-panel').selectOption({ label: 'Panel 1' });
    await operator.getByTestId('device-create').click();
    const box = operator.getByTestId('fresh-code');
    await box.waitFor({ timeout: 10000 });
    const text = (await box.textContent()) ?? '';
    const m = text.match(/\b([A-Z2-9]{4}) ([A-Z2-9]{4})\b/);
    if (!m) throw new Error(`kode tidak tampil: ${text}`);
    if (!text.includes(base)) throw new Error(`alamat server tidak tampil: ${text}`);
    chairCode = m[1] + m[2];
    await shot(operator, '01-persiapan-perangkat', 'Persiapan → Perangkat jaringan: the new device and its code, with the address to open');
    return `kode ${m[1]} ${m[2]}`;
  });

  let panel1;
  let panel2;
  let projector;
  let witness;
  let memberId;
  await step('laptop panel 1 dan panel 2 serta proyektor dipasangkan dengan kode', async () => {
    panel1 = await pairedPage(chairCode, 'meja panel 1');
    await panel1.getByTestId('device-identity').getByText('Rina Wulandari').waitFor({ timeout: 15000 });
    await shot(panel1, '03-panel1-terpasang', 'Panel 1 laptop after pairing: its person and role in the top bar, no clerk name to type');
    const member = await api('/api/devices', { method: 'POST', body: JSON.stringify({ name: 'Laptop meja panel 2', person: 'Agus Salim', role: 'panel_member', panel: 2 }) });
    memberId = member.device.id;
    // The pairing screen as a new laptop sees it, before the code is typed.
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'id-ID' });
    const fresh = await ctx.newPage();
    await fresh.goto(`${base}/`);
    await fresh.getByTestId('pairing').waitFor({ timeout: 15000 });
    await fresh.getByTestId('pairing-code').fill('ZZZZ-ZZZZ');
    await fresh.getByTestId('pairing-submit').click();
    await fresh.getByTestId('pairing-error').waitFor();
    await shot(fresh, '02-pasangkan-kode-salah', 'Pairing screen on a new laptop: a wrong code explained in Indonesian; plain-HTTP note');
    await ctx.close();
    panel2 = await pairedPage(member.code, 'meja panel 2');
    await panel2.getByTestId('device-identity').getByText('Agus Salim').waitFor({ timeout: 15000 });
    const display = await api('/api/devices', { method: 'POST', body: JSON.stringify({ name: 'Proyektor', person: 'Proyektor', role: 'display' }) });
    projector = await pairedPage(display.code, 'proyektor', { width: 1920, height: 1080 }, 'projector');
    await projector.getByTestId('projector-waiting').waitFor({ timeout: 15000 });
    const saksi = await api('/api/devices', { method: 'POST', body: JSON.stringify({ name: 'Layar saksi', person: 'Layar saksi', role: 'witness' }) });
    witness = await pairedPage(saksi.code, 'layar saksi', { width: 1920, height: 1080 }, 'witness-totals');
    return 'empat perangkat terpasang';
  });

  await step('panel 1 mengirim folder foto dari laptopnya; foto dibaca di komputer utama', async () => {
    const folder = join(OUT, 'kirim', '3303192001001');
    mkdirSync(folder, { recursive: true });
    copyFileSync(join(ROOT, 'tests/fixtures/photos/ppwp-102-clean.jpg'), join(folder, 'ppwp-102-clean.jpg'));
    await panel1.locator('a[data-screen="unggah"]').click();
    if (await panel1.getByTestId('photo-path').count()) throw new Error('laptop panel ditawari jalur folder komputer utama');
    await panel1.getByTestId('upload-folder-input').setInputFiles(join(OUT, 'kirim'));
    await until(async () => (await api('/api/jobs')).some((j) => j.finished), 120000, 'impor kiriman selesai');
    const pages = await api('/api/pages');
    const read = pages.find((p) => p.status === 'identified');
    if (!read || read.tps !== '3303192001001' || !read.source_path.includes('3303192001001')) throw new Error(`halaman: ${JSON.stringify(pages)}`);
    const added = await api('/api/audit?kind=page_added');
    if (added[0]?.actor?.name !== 'Rina Wulandari') throw new Error(`dicatat oleh: ${JSON.stringify(added[0]?.actor)}`);
    await panel1.getByText('ppwp-102-clean.jpg').first().waitFor({ timeout: 15000 });
    await shot(panel1, '03b-panel1-kirim-foto', 'Unggah on a panel laptop: photos sent from the browser (no workstation path), read on the workstation');
    return `${pages.length} halaman; ${read.source_path}`;
  });

  await step('panel 2 mengambil saran 652 → 152; proyektor menampilkannya', async () => {
    await api('/api/selection', { method: 'POST', body: JSON.stringify({ tps: MISREAD.tps, contest: MISREAD.contest, field: 'suara_paslon_2' }) });
    const value = async () => (await projector.getByTestId('projector-value').textContent())?.trim();
    await until(async () => (await value()) === '652', 15000, 'proyektor 652');
    const before = await fromPage(panel1, 'GET', `/api/forms/${MISREAD.tps}/${MISREAD.contest}`);
    const seen = before.body.fields.find((f) => f.key === 'suara_paslon_2').entry ?? 0;
    const r = await fromPage(panel2, 'POST', `/api/forms/${MISREAD.tps}/${MISREAD.contest}/suggestions/0/accept`);
    if (r.status !== 200) throw new Error(`ambil saran: ${r.status} ${JSON.stringify(r.body)}`);
    await until(async () => (await value()) === '152', 15000, 'proyektor 152');
    const hist = await api(`/api/forms/${MISREAD.tps}/${MISREAD.contest}/fields/suara_paslon_2/history`);
    const last = hist[hist.length - 1];
    if (last.actor.name !== 'Agus Salim' || last.panel !== 2) throw new Error(`riwayat: ${JSON.stringify(last)}`);
    await shot(projector, '04-proyektor-152', 'Projector (a paired display) after panel 2 took the suggestion: 152');
    // The witness display: the contest's running totals, and no person's name anywhere.
    await witness.getByText('Kecamatan SUKAMAJU').first().waitFor({ timeout: 15000 });
    const seenByWitness = (await witness.locator('body').textContent()) ?? '';
    for (const person of ['Rina', 'Agus', 'Operator PPK']) {
      if (seenByWitness.includes(person)) throw new Error(`layar saksi menampilkan nama ${person}`);
    }
    await shot(witness, '04b-layar-saksi', 'Witness display (paired): running kecamatan totals of the contest on the floor, figures only');
    // Panel 1 still holds the figure as it was: its write is refused, naming who changed what.
    const stale = await fromPage(panel1, 'PUT', `/api/forms/${MISREAD.tps}/${MISREAD.contest}/fields/suara_paslon_2`, { value: 652, reason: 'kembali', based_on: seen });
    if (stale.status !== 409 || !/Agus Salim.*IV\.2 menjadi 152/.test(stale.body?.message ?? '')) throw new Error(`tulisan basi: ${JSON.stringify(stale)}`);
    return `${last.actor.name} (${last.actor.role}), panel ${last.panel}; 409: ${stale.body.message}`;
  });

  await step('penutupan desa: hanya pimpinan panelnya', async () => {
    const member = await fromPage(panel2, 'POST', `/api/desa/${MISREAD.desa}/close`, {});
    if (member.status !== 403) throw new Error(`anggota panel 2 menutup desa panel 1: ${member.status}`);
    const chair = await fromPage(panel1, 'POST', `/api/desa/${OTHER_DESA}/close`, {});
    if (chair.status !== 403 || chair.body?.code !== 'not_panel_chair') throw new Error(`pimpinan panel 1 menutup desa panel 2: ${JSON.stringify(chair)}`);
    const path = await fromPage(panel1, 'POST', '/api/import', { paths: ['/etc'] });
    if (path.status !== 403) throw new Error(`laptop menyebut folder server: ${path.status}`);
    return `${member.body.message} | ${chair.body.message}`;
  });

  await step('operator memberi giliran kepada panel 2; proyektor mengikuti laptop panel 2', async () => {
    // Panel 2 opens a form of its own desa: its selection is kept, the projector stays.
    await panel2.evaluate((tps) => (location.hash = `#/panel?tps=${tps}&contest=ppwp`), `${OTHER_DESA}002`);
    await until(async () => (await api('/api/floor')).selections.some((x) => x.panel === 2 && x.tps === `${OTHER_DESA}002`), 15000, 'pilihan panel 2');
    if (await projector.getByTestId('projector-panel').count()) throw new Error('proyektor berpindah tanpa giliran');
    if (await panel2.locator('a[data-screen="persiapan"]').count()) throw new Error('laptop panel menampilkan Persiapan');
    await operator.getByTestId('floor').selectOption('2');
    await projector.getByTestId('projector-panel').getByText('Panel 2').waitFor({ timeout: 15000 });
    await projector.getByText('TPS 002').first().waitFor({ timeout: 15000 });
    await panel2.getByTestId('floor-mine').waitFor({ timeout: 15000 });
    await shot(projector, '04c-proyektor-panel-2', 'Projector after the operator gave the floor to panel 2: panel 2 laptop\'s form, labelled Panel 2');
    await shot(panel2, '04d-panel2-di-proyektor', 'Panel 2 laptop while it has the floor: "Tampil di proyektor" in the top bar, no Persiapan in the menu');
    await operator.getByTestId('floor').selectOption('');
    await until(async () => (await api('/api/floor')).panel === null, 15000, 'giliran kembali');
    return 'proyektor: Panel 2 · TPS 002, lalu kembali ke komputer utama';
  });

  await step('laptop panel 1 mengunduh PDF yang dicetak di komputer utama', async () => {
    const printed = await api('/api/print', { method: 'POST', body: JSON.stringify({ doc: 'd-hasil', contest: 'ppwp', provisional: true }) });
    const name = printed.files[0].path.split('/').pop();
    await panel1.locator('a[data-screen="cetak"]').click();
    const row = panel1.getByTestId('outputs').locator('li', { hasText: name });
    await row.waitFor({ timeout: 15000 });
    if (await panel1.getByTestId('print').count()) throw new Error('laptop panel ditawari membuat PDF');
    await shot(panel1, '04e-panel1-unduh', 'Cetak & Ekspor on a panel laptop: the files the workstation made, to download');
    const [download] = await Promise.all([panel1.waitForEvent('download'), row.getByTestId('download').click()]);
    const saved = join(OUT, 'unduhan.pdf');
    await download.saveAs(saved);
    const bytes = readFileSync(saved);
    if (download.suggestedFilename() !== name || bytes.subarray(0, 4).toString() !== '%PDF') {
      throw new Error(`unduhan: ${download.suggestedFilename()} ${bytes.subarray(0, 8)}`);
    }
    return `${name}: ${bytes.length} B`;
  });

  await step('laptop operator mengirim berkas angka; diimpor di komputer utama', async () => {
    const made = await api('/api/devices', { method: 'POST', body: JSON.stringify({ name: 'Laptop sekretariat', person: 'Dewi Lestari', role: 'operator' }) });
    const laptop = await pairedPage(made.code, 'sekretariat');
    await laptop.locator('a[data-screen="unggah"]').click();
    await laptop.getByTestId('figures-file').setInputFiles(DEMO_FIGURES);
    const report = laptop.getByTestId('figures-report');
    await report.waitFor({ timeout: 30000 });
    await shot(laptop, '04f-operator-kirim-angka', 'Unggah on an operator laptop: a figures workbook sent from the browser and imported on the workstation');
    const uploads = readdirSync(join(ws.dir, 'masuk'));
    return `${(await report.textContent())?.replace(/\s+/g, ' ').slice(0, 80)}; kiriman ${uploads.join(', ')}`;
  });

  await step('perangkat dicabut: laptop panel 2 kembali ke layar pasangan', async () => {
    await api(`/api/devices/${memberId}/revoke`, { method: 'POST', body: '{}' });
    await panel2.reload();
    await panel2.getByTestId('pairing').waitFor({ timeout: 15000 });
    await operator.reload();
    await operator.getByRole('tab', { name: 'Perangkat jaringan' }).click();
    await operator.getByText('dicabut').first().waitFor({ timeout: 10000 });
    await shot(operator, '05-perangkat-dicabut', 'Persiapan: device list with a paired chair, a revoked member and the projector');
  });

  await step('pleno serve --tls: layar pasangan menampilkan sidik sertifikat', async () => {
    // A second server on the same workspace, read-only beside the first, over HTTPS.
    const port = freePort();
    const tls = start(plenoBin(), ['serve', ws.dir, '--read-only', '--tls', '--bind', `127.0.0.1:${port}`, '--token', `${FULL}-tls`, '--read-token', `${READ}-tls`]);
    await until(async () => /sidik sertifikat: ([0-9A-F:]{95})/.test(tls.output), 30000, 'pleno serve --tls').catch((e) => {
      throw new Error(`${e.message}\n${tls.output}`);
    });
    const printed = /sidik sertifikat: ([0-9A-F:]{95})/.exec(tls.output)[1];
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'id-ID', ignoreHTTPSErrors: true });
    const page = await ctx.newPage();
    await page.goto(`https://127.0.0.1:${port}/`);
    const shown = page.getByTestId('pairing-fingerprint');
    await shown.waitFor({ timeout: 15000 });
    if (!(await shown.textContent()).includes(printed)) throw new Error(`sidik di layar: ${await shown.textContent()}; dicetak: ${printed}`);
    await shot(page, '06-pasangkan-tls', 'Pairing screen over HTTPS (pleno serve --tls): the certificate fingerprint to compare with the workstation');
    await ctx.close();
    tls.kill('SIGTERM');
    return printed.slice(0, 23) + '…';
  });

  await step('tanpa galat di konsol', async () => {
    const real = [panel1, panel2, projector, witness]
      .flatMap((p) => p.errors)
      .filter((e) => !/Failed to load resource.*(401|403|404|409)/.test(e));
    if (real.length) throw new Error(real.join('\n'));
  });
} catch (e) {
  failed = true;
  console.error(e);
} finally {
  await browser?.close().catch(() => {});
  stopAll();
  writeFileSync(join(OUT, 'results.json'), JSON.stringify({ suite: 'lan', ok: !failed, ms: run.total(), steps: run.results, screenshots: shots }, null, 2));
  console.log(`\nLAN E2E ${failed ? 'GAGAL' : 'lulus'} dalam ${(run.total() / 1000).toFixed(1)} s; gambar di tests/output/lan/`);
  process.exit(failed ? 1 : 0);
}
