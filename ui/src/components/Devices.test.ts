// The operator's device list: a panel role needs its panel, the fresh code is shown once with
// where to type it, and revoking asks first and then calls the backend.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import Devices from './Devices.svelte';
import Pairing from './Pairing.svelte';
import { app } from '../lib/app.svelte';
import { BackendError } from '../lib/api/backend';
import { FakeBackend } from '../test/fake';
import type { Device, Panel } from '../lib/api/types';

const panels: Panel[] = [
  { id: 1, name: 'Panel 1', chair: null, desa: ['3303192003'], created_at: '2024-02-18T01:00:00.000Z' },
];
const member: Device = {
  id: 7,
  name: 'Laptop panel 1',
  person: 'Agus Salim',
  role: 'panel_member',
  panel: 1,
  created_at: '2024-02-18T01:00:00.000Z',
  code_expires: null,
  paired_at: '2024-02-18T01:02:00.000Z',
  revoked_at: null,
};

let fake: FakeBackend;

beforeEach(() => {
  fake = new FakeBackend();
  fake.setWho({ actor: 'Operator PPK', panel: null });
  app.backend = fake;
  app.who = { actor: 'Operator PPK', panel: null };
  app.messages = [];
  fake.answers.devices = [member];
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Devices', () => {
  it('a panel member needs a panel, and the new code is shown once', async () => {
    fake.answers.create_device = {
      code: 'K7PM3QXA',
      expires_at: '2024-02-18T01:20:00.000Z',
      device: { ...member, id: 8, name: 'Laptop panel 1b', paired_at: null, code_expires: '2024-02-18T01:20:00.000Z' },
    };
    render(Devices, { panels });
    await waitFor(() => expect(screen.getAllByTestId('device-row')).toHaveLength(1));
    await fireEvent.input(screen.getByTestId('device-name'), { target: { value: 'Laptop panel 1b' } });
    await fireEvent.input(screen.getByTestId('device-person'), { target: { value: 'Rina' } });
    const create = screen.getByTestId('device-create') as HTMLButtonElement;
    expect(create.disabled).toBe(true);
    const panel = screen.getByTestId('device-panel') as HTMLSelectElement;
    panel.selectedIndex = 1;
    await fireEvent.change(panel);
    expect([panel.value, panel.options.length, create.disabled]).toEqual(['1', 2, false]);
    await fireEvent.click(create);
    await waitFor(() => expect(screen.getByTestId('fresh-code').textContent).toContain('K7PM 3QXA'));
    expect(fake.named('create_device')[0].args).toEqual({ name: 'Laptop panel 1b', person: 'Rina', role: 'panel_member', panel: 1 });
  });

  it('revoking asks first', async () => {
    const confirm = vi.fn().mockReturnValueOnce(false).mockReturnValueOnce(true);
    vi.stubGlobal('confirm', confirm);
    fake.answers.revoke_device = { ...member, revoked_at: '2024-02-18T02:00:00.000Z' };
    render(Devices, { panels });
    await waitFor(() => expect(screen.getAllByTestId('device-row')).toHaveLength(1));
    await fireEvent.click(screen.getByRole('button', { name: 'Cabut' }));
    expect(fake.named('revoke_device')).toHaveLength(0);
    await fireEvent.click(screen.getByRole('button', { name: 'Cabut' }));
    await waitFor(() => expect(fake.named('revoke_device')[0].args).toEqual({ id: 7 }));
    expect(confirm).toHaveBeenCalledTimes(2);
  });
});

describe('Pairing', () => {
  it('a wrong code is explained in place and nothing is stored', async () => {
    fake.pairAnswer = new BackendError('pairing_refused', 'kode pasangan salah, sudah dipakai, atau lewat 10 menit', 401);
    render(Pairing);
    await fireEvent.input(screen.getByTestId('pairing-code'), { target: { value: 'abcd-efgh' } });
    await fireEvent.input(screen.getByTestId('pairing-name'), { target: { value: 'meja 2' } });
    await fireEvent.click(screen.getByTestId('pairing-submit'));
    await waitFor(() => expect(screen.getByTestId('pairing-error').textContent).toContain('kode pasangan salah'));
    expect(fake.pairCalls).toEqual([{ code: 'abcd-efgh', deviceName: 'meja 2' }]);
    expect(globalThis.localStorage.getItem('pleno.device-token')).toBeNull();
  });
});
