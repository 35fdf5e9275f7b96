// Form calibration: a detected draft is shown numbered with the page's fields proposed in paper
// order; the clerk drops the date boxes, cannot install while a field is unnamed or chosen
// twice, installs with the names in the draft's order, and can return the page to its shipped
// layout.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import LayoutCalibration from './LayoutCalibration.svelte';
import { app } from '../lib/app.svelte';
import { FakeBackend } from '../test/fake';
import type { DraftView } from '../lib/api/types';

const draft: DraftView = {
  layout: { id: 'ppwp-kantor', fields: [] },
  page_code: 103,
  tagless: false,
  qr: null,
  fields: [1, 2, 3, 4].map((n) => ({ number: n, boxes: n === 4 ? 2 : 3, bubbles: false })),
  choices: [
    { key: 'suara_sah', code: 'V.A', label: 'Jumlah suara sah' },
    { key: 'suara_tidak_sah', code: 'V.B', label: 'Jumlah suara tidak sah' },
    { key: 'suara_total', code: 'V.C', label: 'Jumlah suara sah dan tidak sah' },
  ],
  proposal: [null, null, null, null],
  stray_boxes: 0,
  warnings: [],
  picture: 'data:image/png;base64,iVBORw0KGgo=',
};

let fake: FakeBackend;

beforeEach(() => {
  fake = new FakeBackend();
  fake.setWho({ actor: 'Operator PPK', panel: null });
  app.backend = fake;
  app.who = { actor: 'Operator PPK', panel: null };
  app.messages = [];
  fake.answers.calibrated_layouts = [];
  fake.answers.detect_layout_sample = draft;
  fake.answers.install_layout = [{ page_code: 103, id: 'ppwp-kantor', fields: 3, boxes: 9 }];
  fake.answers.remove_layout = [];
  fake.answers.install_layout_file = [{ page_code: 302, id: 'dpd-kab', fields: 8, boxes: 24 }];
});
afterEach(() => cleanup());

async function choose(i: number, value: string) {
  const select = screen.getAllByTestId('layout-name')[i] as HTMLSelectElement;
  select.selectedIndex = Array.from(select.options).findIndex((o) => o.value === value);
  await fireEvent.change(select);
}

describe('LayoutCalibration', () => {
  it('asks for the page code of a sheet without an AprilTag and sends it with the sample', async () => {
    fake.answers.detect_layout_sample = { ...draft, page_code: null, tagless: true, choices: [] };
    render(LayoutCalibration);
    await fireEvent.input(screen.getByTestId('layout-sample'), { target: { value: '/scan/salinan.png' } });
    await fireEvent.click(screen.getByTestId('layout-detect'));
    await waitFor(() => expect(screen.getByTestId('layout-needs-page')).toBeTruthy());
    expect((screen.getByTestId('layout-install') as HTMLButtonElement).disabled).toBe(true);
    fake.answers.detect_layout_sample = { ...draft, page_code: 1102, tagless: true };
    // A code that is no number says what is wanted and is not sent.
    await fireEvent.input(screen.getByTestId('layout-sample-page'), { target: { value: 'hal 2' } });
    await waitFor(() => expect(screen.getByTestId('layout-sample-page-bad').textContent).toContain('102'));
    expect((screen.getByTestId('layout-detect') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.input(screen.getByTestId('layout-sample-page'), { target: { value: '1102' } });
    await waitFor(() => expect(screen.queryByTestId('layout-sample-page-bad')).toBeNull());
    await fireEvent.click(screen.getByTestId('layout-detect'));
    await waitFor(() => expect(screen.queryByTestId('layout-needs-page')).toBeNull());
    expect(fake.named('detect_layout_sample')[1].args).toEqual({ sample: '/scan/salinan.png', id: 'kalibrasi', page_code: 1102 });
    expect(screen.getByTestId('layout-tagless').textContent).toContain('AprilTag');
    expect(screen.getByTestId('layout-summary').textContent).toContain('1102');
  });


  it('names the detected fields, drops the date and installs the layout', async () => {
    render(LayoutCalibration);
    await waitFor(() => expect(screen.getByTestId('layout-none')).toBeTruthy());
    await fireEvent.input(screen.getByTestId('layout-sample'), { target: { value: '/scan/c-hasil-103.png' } });
    await fireEvent.input(screen.getByTestId('layout-id'), { target: { value: 'ppwp-kantor' } });
    await fireEvent.click(screen.getByTestId('layout-detect'));
    await waitFor(() => expect(screen.getByTestId('layout-draft')).toBeTruthy());
    expect(fake.named('detect_layout_sample')[0].args).toEqual({ sample: '/scan/c-hasil-103.png', id: 'ppwp-kantor', page_code: null });
    expect(screen.getByTestId('layout-summary').textContent).toContain('103');
    expect((screen.getByTestId('layout-picture') as HTMLImageElement).src).toContain('data:image/png');

    const installBtn = screen.getByTestId('layout-install') as HTMLButtonElement;
    expect(installBtn.disabled).toBe(true);
    await choose(0, 'suara_sah');
    await choose(1, 'suara_sah');
    await choose(2, 'suara_total');
    await choose(3, '-');
    await waitFor(() => expect(screen.getByTestId('layout-duplicates').textContent).toContain('suara_sah'));
    expect(installBtn.disabled).toBe(true);
    await choose(1, 'suara_tidak_sah');
    await waitFor(() => expect(installBtn.disabled).toBe(false));
    await fireEvent.click(installBtn);
    await waitFor(() => expect(screen.getByTestId('layout-installed')).toBeTruthy());
    expect(fake.named('install_layout')[0].args).toEqual({
      page_code: 103,
      layout: { id: 'ppwp-kantor', fields: [] },
      names: ['suara_sah', 'suara_tidak_sah', 'suara_total', null],
    });
    expect(screen.queryByTestId('layout-draft')).toBeNull();

    await fireEvent.click(screen.getByTestId('layout-remove'));
    await waitFor(() => expect(screen.getByTestId('layout-none')).toBeTruthy());
    expect(fake.named('remove_layout')[0].args).toEqual({ page_code: 103 });
  });

  it('takes the proposal when the counts agree, so only saving is left', async () => {
    fake.answers.detect_layout_sample = {
      ...draft,
      fields: draft.fields.slice(0, 3),
      proposal: ['suara_sah', 'suara_tidak_sah', 'suara_total'],
    };
    render(LayoutCalibration);
    await fireEvent.input(screen.getByTestId('layout-sample'), { target: { value: '/scan/c-hasil-103.png' } });
    await fireEvent.click(screen.getByTestId('layout-detect'));
    await waitFor(() => expect(screen.getByTestId('layout-draft')).toBeTruthy());
    expect((screen.getByTestId('layout-install') as HTMLButtonElement).disabled).toBe(false);
  });

  it('installs a sheet known by its QR code with the text the clerk cut to what every sheet shares', async () => {
    const full = 'C.HASIL-PPWP HAL 3 TPS 007';
    fake.answers.detect_layout_sample = {
      ...draft,
      layout: { id: 'ppwp-kantor', qr: { rect: [494, 107, 32, 32], text: full }, fields: [] },
      tagless: true,
      qr: full,
      fields: draft.fields.slice(0, 3),
      proposal: ['suara_sah', 'suara_tidak_sah', 'suara_total'],
    };
    render(LayoutCalibration);
    await fireEvent.input(screen.getByTestId('layout-sample'), { target: { value: '/scan/c-hasil-103.png' } });
    await fireEvent.click(screen.getByTestId('layout-detect'));
    await waitFor(() => expect(screen.getByTestId('layout-tagless').textContent).toContain('kode QR'));
    const qr = screen.getByTestId('layout-qr') as HTMLInputElement;
    expect(qr.value).toBe(full);
    const installBtn = screen.getByTestId('layout-install') as HTMLButtonElement;
    await fireEvent.input(qr, { target: { value: '  ' } });
    await waitFor(() => expect(installBtn.disabled).toBe(true));
    await fireEvent.input(qr, { target: { value: 'C.HASIL-PPWP HAL 3 ' } });
    await waitFor(() => expect(installBtn.disabled).toBe(false));
    await fireEvent.click(installBtn);
    await waitFor(() => expect(fake.named('install_layout').length).toBe(1));
    expect(fake.named('install_layout')[0].args).toEqual({
      page_code: 103,
      layout: { id: 'ppwp-kantor', qr: { rect: [494, 107, 32, 32], text: 'C.HASIL-PPWP HAL 3' }, fields: [] },
      names: ['suara_sah', 'suara_tidak_sah', 'suara_total'],
    });
  });

  it('installs a layout file sent by another office for the page code typed', async () => {
    render(LayoutCalibration);
    await fireEvent.input(screen.getByTestId('layout-file'), { target: { value: '/kirim/tata-letak-302.json' } });
    await fireEvent.input(screen.getByTestId('layout-file-page'), { target: { value: '302' } });
    await fireEvent.click(screen.getByTestId('layout-file-install'));
    await waitFor(() => expect(screen.getByTestId('layout-installed').textContent).toContain('dpd-kab'));
    expect(fake.named('install_layout_file')[0].args).toEqual({ page_code: 302, path: '/kirim/tata-letak-302.json' });
  });

  it('adds a field the detection missed, dragged over its boxes on the picture, and installs it named', async () => {
    const fields = [1, 2, 3, 4].map((n) => ({ key: `?${n}`, boxes: [[150, 40 * n, 8, 8]] }));
    fake.answers.detect_layout_sample = {
      ...draft,
      layout: { id: 'ppwp-kantor', width: 210, height: 297, fields },
      choices: [...draft.choices, { key: 'pengguna_total_j', code: 'I.B.4', label: 'Jumlah pengguna hak pilih' }],
    };
    render(LayoutCalibration);
    await fireEvent.input(screen.getByTestId('layout-sample'), { target: { value: '/scan/103.png' } });
    await fireEvent.click(screen.getByTestId('layout-detect'));
    await waitFor(() => expect(screen.getByTestId('layout-draft')).toBeTruthy());
    const area = screen.getByTestId('layout-picture-area');
    // The picture is shown 420 × 594 px: 2 px to the millimetre.
    area.getBoundingClientRect = () => ({ left: 10, top: 20, width: 420, height: 594, right: 430, bottom: 614, x: 10, y: 20, toJSON: () => ({}) });
    const drag = async (from: [number, number], to: [number, number]) => {
      await fireEvent.pointerDown(area, { clientX: from[0], clientY: from[1] });
      await fireEvent.pointerMove(area, { clientX: to[0], clientY: to[1] });
      await fireEvent.pointerUp(area, { clientX: to[0], clientY: to[1] });
    };
    // Without choosing to add, a drag does nothing.
    await drag([110, 120], [158, 136]);
    expect(screen.getAllByTestId('layout-name').length).toBe(4);
    await fireEvent.click(screen.getByTestId('layout-add'));
    expect(screen.getByTestId('layout-add-hint')).toBeTruthy();
    // Too small for a digit: said, nothing added.
    await drag([110, 120], [114, 122]);
    expect(screen.getByTestId('layout-add-bad')).toBeTruthy();
    expect(screen.getAllByTestId('layout-name').length).toBe(4);
    // Three boxes of 8 × 8 mm from (50, 50) mm.
    await drag([110, 120], [158, 136]);
    expect(screen.queryByTestId('layout-add-bad')).toBeNull();
    expect(screen.getAllByTestId('layout-added-box').length).toBe(3);
    expect(screen.getAllByTestId('layout-name').length).toBe(5);
    await choose(0, '-');
    await choose(1, '-');
    await choose(2, 'suara_sah');
    await choose(3, 'suara_tidak_sah');
    await choose(4, 'suara_total');
    await fireEvent.click(screen.getByTestId('layout-install'));
    await waitFor(() => expect(fake.named('install_layout').length).toBe(1));
    const args = fake.named('install_layout')[0].args as { layout: { fields: { key: string; boxes: number[][] }[] }; names: (string | null)[] };
    expect(args.names).toEqual([null, null, 'suara_sah', 'suara_tidak_sah', 'suara_total']);
    const addedField = args.layout.fields[4];
    expect(addedField.key).toBe('?5');
    expect(addedField.boxes.map((b) => b.map((v) => Math.round(v * 10) / 10))).toEqual([
      [50, 50, 8, 8],
      [58, 50, 8, 8],
      [66, 50, 8, 8],
    ]);
  });
});
