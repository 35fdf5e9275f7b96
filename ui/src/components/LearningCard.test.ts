// The Beranda card of what the panels' agreements taught the reader: labelled boxes, the
// machine's agreement with the agreed figures per 100 fields, and its auto-accept share.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import LearningCard from './LearningCard.svelte';
import { app } from '../lib/app.svelte';
import { FakeBackend } from '../test/fake';
import summary from '../test/fixtures/summary.json';
import type { Summary } from '../lib/api/types';

let fake: FakeBackend;

beforeEach(() => {
  fake = new FakeBackend();
  app.backend = fake;
  app.summary = summary as unknown as Summary;
  app.messages = [];
});
afterEach(cleanup);

describe('LearningCard', () => {
  it('shows each run of 100 agreed fields with the share the machine read as agreed', async () => {
    fake.answers.crop_learning = {
      labelled_boxes: 666,
      labelled_fields: 222,
      agreement: [
        { fields: 100, run: 100, agreed_share: 0.9 },
        { fields: 200, run: 100, agreed_share: 0.95 },
        { fields: 222, run: 22, agreed_share: 1 },
      ],
      fields_read: 368,
      fields_auto_accepted: 92,
      model: {
        version: 'Kab 2026-12 (dipasang, sha256 0123456789ab, peristiwa #812)',
        installed: true,
        name: 'Kab 2026-12',
        sha256: '0123456789ab'.padEnd(64, '0'),
        reason: 'surat 12',
        installed_at: '2026-12-07T01:00:00Z',
        installed_by: 'Sekretariat PPK',
        check: null,
        card: false,
        sources: [],
      },
    };
    render(LearningCard);
    expect((await screen.findByTestId('learning-boxes')).textContent?.replace(/\s+/g, ' ').trim()).toBe('666 (222 isian)');
    expect(screen.getByText('92 / 368 (25%)')).toBeTruthy();
    expect(screen.getByTestId('learning-model').textContent).toMatch(/^Kab 2026-12 \(terpasang 7 Desember 2026 \d\d\.00\)$/);
    const runs = screen.getByTestId('learning-agreement').querySelectorAll('li');
    expect([...runs].map((r) => r.textContent?.trim())).toEqual([
      'isian 1–100: 90,0%',
      'isian 101–200: 95,0%',
      'isian 201–222: 100,0%',
    ]);
  });

  it('says what teaches the reader before any box is labelled', async () => {
    fake.answers.crop_learning = {
      labelled_boxes: 0,
      labelled_fields: 0,
      agreement: [],
      fields_read: 3,
      fields_auto_accepted: 0,
      model: { version: 'digits.onnx', installed: false, name: null, sha256: null, reason: null, installed_at: null, installed_by: null, check: null, card: false, sources: [] },
    };
    render(LearningCard);
    expect(await screen.findByText(/Belum ada kotak berlabel/)).toBeTruthy();
    expect(screen.queryByTestId('learning-agreement')).toBeNull();
    expect(screen.getByTestId('learning-model').textContent).toBe('bawaan Pleno');
  });
});
