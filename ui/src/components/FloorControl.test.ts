// A panel laptop's own view of the plenary: the operator gives the floor to a panel from the top
// bar and the laptop is told when it is projected; its menu has no Persiapan; its queue opens
// on its own panel.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import FloorControl from './FloorControl.svelte';
import Nav from './Nav.svelte';
import QueueList from './QueueList.svelte';
import { app } from '../lib/app.svelte';
import { FakeBackend } from '../test/fake';
import organisation from '../test/fixtures/organisation.json';
import summary from '../test/fixtures/summary.json';
import type { Device, Summary } from '../lib/api/types';

const panels = [
  { id: 1, name: 'Panel 1', chair: null, desa: ['3303192003'], created_at: '2024-02-18T01:00:00.000Z' },
  { id: 2, name: 'Panel 2', chair: null, desa: ['3303192001'], created_at: '2024-02-18T01:00:00.000Z' },
];
const laptop2: Device = {
  id: 7,
  name: 'Laptop panel 2',
  person: 'Agus Salim',
  role: 'panel_member',
  panel: 2,
  created_at: '2024-02-18T01:00:00.000Z',
  code_expires: null,
  paired_at: '2024-02-18T01:02:00.000Z',
  revoked_at: null,
};
const chosen = { tps: '3303192001001', contest: 'ppwp', field: null, page: null, panel: 2 };

let fake: FakeBackend;

beforeEach(() => {
  fake = new FakeBackend();
  app.backend = fake;
  app.summary = summary as unknown as Summary;
  app.device = null;
  app.messages = [];
  fake.answers.organisation = { ...organisation, panels };
  fake.answers.floor = { panel: null, selections: [chosen] };
});
afterEach(() => {
  cleanup();
  app.device = null;
});

describe('FloorControl', () => {
  it('the operator gives the floor to a panel and sees which panels have chosen a form', async () => {
    fake.answers.give_floor = { panel: 2, selections: [chosen] };
    render(FloorControl);
    const select = (await screen.findByTestId('floor')) as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['komputer ini', 'Panel 1 (belum memilih)', 'Panel 2']);
    select.value = '2';
    await fireEvent.change(select);
    await waitFor(() => expect(fake.calls.some((c) => c.command === 'give_floor')).toBe(true));
    expect(fake.calls.find((c) => c.command === 'give_floor')?.args).toEqual({ panel: 2 });
    await waitFor(() => expect(select.value).toBe('2'));
  });

  it('a panel laptop cannot choose, and is told when it is projected', async () => {
    app.device = laptop2;
    render(FloorControl);
    await waitFor(() => expect(fake.calls.some((c) => c.command === 'floor')).toBe(true));
    expect(screen.queryByTestId('floor')).toBeNull();
    expect(screen.queryByTestId('floor-mine')).toBeNull();
    fake.answers.floor = { panel: 2, selections: [chosen] };
    fake.emit({ type: 'floor', panel: 2 });
    await waitFor(() => expect(screen.getByTestId('floor-mine').textContent).toContain('Tampil di proyektor'));
  });

  it("a panel laptop's menu has no Persiapan", () => {
    app.device = laptop2;
    render(Nav);
    const screens = [...document.querySelectorAll('[data-screen]')].map((a) => a.getAttribute('data-screen'));
    expect(screens).not.toContain('persiapan');
    expect(screens).toContain('panel');
    cleanup();
    app.device = null;
    render(Nav);
    expect(document.querySelector('[data-screen="persiapan"]')).not.toBeNull();
  });
});

describe('QueueList on a panel laptop', () => {
  it("asks for its own panel's queue first", async () => {
    app.device = laptop2;
    app.who = { actor: laptop2.person, panel: 2 };
    render(QueueList, { onopen: () => {} });
    await waitFor(() => expect(fake.calls.some((c) => c.command === 'queue')).toBe(true));
    expect(fake.calls.find((c) => c.command === 'queue')?.args).toMatchObject({ panel: 2 });
    app.who = null;
  });
});
