// The panel's keyboard contract on the real form of the demo's 652 → 152 case.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { tick } from 'svelte';
import Panel from './Panel.svelte';
import { app } from '../lib/app.svelte';
import { BackendError } from '../lib/api/backend';
import { FakeBackend } from '../test/fake';
import election from '../test/fixtures/election.json';
import form from '../test/fixtures/form_ppwp_misread.json';
import type { Election, FormView } from '../lib/api/types';

let fake: FakeBackend;

beforeEach(() => {
  // happy-dom's <dialog> lacks showModal in some versions.
  const proto = HTMLDialogElement.prototype as unknown as Record<string, unknown>;
  if (!proto.showModal) proto.showModal = function (this: HTMLDialogElement) { this.setAttribute('open', ''); };
  if (!proto.close) proto.close = function (this: HTMLDialogElement) { this.removeAttribute('open'); };
  fake = new FakeBackend();
  fake.setWho({ actor: 'Siti Aminah', panel: null });
  app.backend = fake;
  app.election = election as unknown as Election;
  app.who = { actor: 'Siti Aminah', panel: null };
  app.route = { screen: 'panel', params: { tps: '3303192003004', contest: 'ppwp' } };
  app.messages = [];
});
afterEach(() => cleanup());

async function ready() {
  render(Panel);
  const list = await screen.findByTestId('field-list');
  await waitFor(() => expect(list.querySelector('.field-row.focused')).not.toBeNull());
  return list;
}

describe('Panel', () => {
  it('a slow reload of the previous form does not replace the form asked for', async () => {
    await ready();
    // An event asks for a reload of TPS 004 and its answer is slow; meanwhile the clerk opens
    // another form, which answers at once.
    let release: () => void = () => {};
    const slow = new Promise<void>((r) => (release = r));
    const other = { ...(form as unknown as FormView), tps: '3303192001007', desa_name: 'KARANGJATI', tps_nomor: 7 };
    const send = fake['send'].bind(fake);
    fake['send'] = async (command, args) => {
      if (command === 'form' && args.tps === '3303192003004') {
        await slow;
        return structuredClone(form);
      }
      if (command === 'form') return structuredClone(other);
      return send(command, args);
    };
    app.revision++;
    await tick();
    app.route = { screen: 'panel', params: { tps: '3303192001007', contest: 'ppwp' } };
    const title = () => document.querySelector('h1.form-title')?.textContent ?? '';
    await waitFor(() => expect(title()).toContain('KARANGJATI · TPS 007'));
    release();
    await new Promise((r) => setTimeout(r, 50));
    expect(title()).toContain('KARANGJATI · TPS 007');
  });

  it('opens on the first field a rule points at and shows the misread suggestion', async () => {
    const list = await ready();
    const focused = list.querySelector('.field-row.focused') as HTMLElement;
    // IV.2 is the field the best misread suggestion changes (652 → 152).
    expect(focused.dataset.key).toBe('suara_paslon_2');
    const row = list.querySelector('[data-key="suara_paslon_2"]') as HTMLElement;
    expect(row.textContent).toContain('652');
    expect(row.textContent).toMatch(/baca 652 → mungkin 152\?/);
    expect(screen.getByTestId('suggestion-0').textContent).toContain('652 → 152');
  });

  it('offers the bubbles first where they spell other numbers than the boxes', async () => {
    const withBubbles = structuredClone(form) as typeof form;
    withBubbles.misread.suggestions.unshift({
      changes: [{ key: 'suara_paslon_2', from: 652, to: 152, boxes_changed: 0, pattern: 'bubbles_differ', cost: 0 }],
      cost: 0,
      text_id: 'Gelembung terisi menunjukkan: IV.2 652 → 152',
      text_en: 'The filled bubbles show: IV.2 652 → 152',
    });
    fake.answers.form = withBubbles;
    const list = await ready();
    expect(screen.getByTestId('suggestion-0').textContent).toContain('Gelembung terisi menunjukkan');
    const row = list.querySelector('[data-key="suara_paslon_2"]') as HTMLElement;
    expect(row.textContent).toMatch(/baca 652 →\s*gelembung\s*152\?/);
    await fireEvent.keyDown(list, { key: 's' });
    await waitFor(() => expect(fake.named('accept_suggestion')).toHaveLength(1));
    expect(fake.named('accept_suggestion')[0].args).toMatchObject({ index: 0 });
  });

  it('a form that opens takes the keyboard: the field list has the focus', async () => {
    const list = await ready();
    await waitFor(() => expect(document.activeElement).toBe(list));
  });

  it('S takes the best suggestion', async () => {
    const list = await ready();
    await fireEvent.keyDown(list, { key: 's' });
    await waitFor(() => expect(fake.named('accept_suggestion')).toHaveLength(1));
    // The form as the clerk saw it travels along, so another panel's change in between is refused.
    const seen = Math.max(0, ...(form as unknown as FormView).fields.map((f) => f.entry ?? 0));
    expect(seen).toBeGreaterThan(0);
    expect(fake.named('accept_suggestion')[0].args).toEqual({ tps: '3303192003004', contest: 'ppwp', index: 0, based_on: seen });
  });

  it('digits correct a field; Enter asks for the reason; the reason is sent', async () => {
    const list = await ready();
    const focused = () => (list.querySelector('.field-row.focused') as HTMLElement).dataset.key;
    expect(focused()).toBe('suara_paslon_2');
    await fireEvent.keyDown(list, { key: '1' });
    await tick();
    const input = list.querySelector('input.edit-value') as HTMLInputElement;
    expect(input).not.toBeNull();
    await fireEvent.input(input, { target: { value: '152' } });
    await fireEvent.keyDown(input, { key: 'Enter' });
    const reason = (await screen.findByRole('textbox', { name: /Alasan/ })) as HTMLInputElement;
    expect(reason.value).toContain('C.Hasil tertulis 152');
    await fireEvent.click(screen.getByTestId('save-correction'));
    await waitFor(() => expect(fake.named('correct_field')).toHaveLength(1));
    expect(fake.named('correct_field')[0].args).toMatchObject({
      tps: '3303192003004',
      contest: 'ppwp',
      key: 'suara_paslon_2',
      value: 152,
      reason: 'salah baca, C.Hasil tertulis 152',
    });
    await waitFor(() => expect(app.messages.map((m) => m.text)).toContain('IV.2: 652 → 152'));
  });

  it('a figure a person set shows no machine confidence', async () => {
    const read = structuredClone(form) as unknown as FormView;
    const f = read.fields.find((x) => x.key === 'suara_paslon_2')!;
    f.source = 'ocr_accepted';
    f.reading = { id: 1, page: 1, value: 652, confidence: 0.48, digits: [] };
    fake.answers.form = read;
    fake.answers.page = { page: { id: 1 }, readings: [], geometry: null };
    let list = await ready();
    const chip = () => list.querySelector('[data-key="suara_paslon_2"] [title="keyakinan mesin"]');
    expect(chip()?.textContent).toContain('48');
    cleanup();
    const corrected = structuredClone(read);
    corrected.fields.find((x) => x.key === 'suara_paslon_2')!.source = 'clerk';
    fake.answers.form = corrected;
    list = await ready();
    expect(chip()).toBeNull();
  });

  it('Enter marks a field as matching and moves on; Esc cancels an edit', async () => {
    const list = await ready();
    await fireEvent.keyDown(list, { key: 'Enter' });
    expect(list.querySelector('[data-key="suara_paslon_2"]')?.classList.contains('checked')).toBe(true);
    expect((list.querySelector('.field-row.focused') as HTMLElement).dataset.key).toBe('suara_paslon_3');
    await fireEvent.keyDown(list, { key: '7' });
    await tick();
    const input = list.querySelector('input.edit-value') as HTMLInputElement;
    await fireEvent.keyDown(input, { key: 'Escape' });
    expect(list.querySelector('input.edit-value')).toBeNull();
    expect(fake.named('correct_field')).toHaveLength(0);
  });

  it('Ctrl+Enter agrees the form; a refusal shows the server message', async () => {
    const list = await ready();
    fake.answers.confirm_form = new BackendError('form_has_errors', 'formulir PPWP TPS 3303192003004 belum dapat disepakati: R8 …');
    await fireEvent.keyDown(list, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(app.messages.some((m) => m.code === 'form_has_errors')).toBe(true));
    expect(app.messages.find((m) => m.code === 'form_has_errors')?.text).toContain('belum dapat disepakati');
  });

  it('a warning refusal asks the panel to acknowledge, then agrees with acknowledge_warnings', async () => {
    const list = await ready();
    fake.answers.confirm_form = new BackendError('warnings_need_acknowledgement', 'ada peringatan');
    await fireEvent.keyDown(list, { key: 'Enter', ctrlKey: true });
    const ack = await screen.findByTestId('ack-agree');
    fake.answers.confirm_form = { signoff: 1 };
    await fireEvent.click(ack);
    await waitFor(() => expect(fake.named('confirm_form')).toHaveLength(2));
    expect(fake.named('confirm_form')[1].args).toMatchObject({ acknowledge_warnings: true });
  });

  it('H orders a recount with the rule text as the reason; R shows the history', async () => {
    const list = await ready();
    await fireEvent.keyDown(list, { key: 'h' });
    const reason = (await screen.findByRole('textbox', { name: /Alasan/ })) as HTMLTextAreaElement;
    expect(reason.value).toContain('R8');
    await fireEvent.click(screen.getByTestId('save-recount'));
    await waitFor(() => expect(fake.named('request_recount')).toHaveLength(1));
    await fireEvent.keyDown(list, { key: 'r' });
    await waitFor(() => expect(fake.named('field_history')).toHaveLength(1));
    expect(await screen.findByText('salah baca 652 → 152 (angka 1 di depan terbaca angka lain), dicocokkan dengan C.Hasil')).toBeTruthy();
  });

  it('K records an objection about the focused field, naming who raised it', async () => {
    const list = await ready();
    await fireEvent.keyDown(list, { key: 'k' });
    const by = (await screen.findByRole('combobox', { name: /Diajukan oleh/ })) as HTMLInputElement;
    await fireEvent.input(by, { target: { value: 'Saksi Paslon 02 – Budi' } });
    const text = screen.getByRole('textbox', { name: /Isi keberatan/ }) as HTMLTextAreaElement;
    await fireEvent.input(text, { target: { value: 'Angka IV.2 di C.Hasil plano 152' } });
    await fireEvent.submit(document.getElementById('objection-form') as HTMLFormElement);
    await waitFor(() => expect(fake.named('raise_objection')).toHaveLength(1));
    expect(fake.named('raise_objection')[0].args).toMatchObject({
      kind: 'keberatan',
      raised_by: 'Saksi Paslon 02 – Budi',
      tps: '3303192003004',
      contest: 'ppwp',
      fields: ['suara_paslon_2'],
      text: 'Angka IV.2 di C.Hasil plano 152',
    });
  });

  it('a finding is one click from its field (and the photo that follows the focus)', async () => {
    const list = await ready();
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    await waitFor(() => expect(list.querySelector('.field-row.focused')?.getAttribute('data-key')).toBe('suara_paslon_3'));
    const r14 = screen.getAllByRole('button').find((b) => b.classList.contains('finding-link') && b.textContent?.includes('R14'));
    expect(r14).toBeTruthy();
    await fireEvent.click(r14!);
    await waitFor(() => expect(list.querySelector('.field-row.focused')?.getAttribute('data-key')).toBe('suara_paslon_2'));
    expect(document.activeElement).toBe(list);
  });

  it('tells the projector which field is being read', async () => {
    const list = await ready();
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    await waitFor(() =>
      expect(fake.named('set_selection').at(-1)?.args).toEqual({ tps: '3303192003004', contest: 'ppwp', field: 'suara_paslon_3', page: null }),
    );
  });
});
