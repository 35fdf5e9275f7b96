// A bundle is signed with the workstation key: when the chair's passphrase has not been given
// this session, Cetak & Ekspor asks for it right there and then makes the bundle; a LAN
// laptop is told to ask at the workstation instead.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import Cetak from './Cetak.svelte';
import { app } from '../lib/app.svelte';
import { BackendError } from '../lib/api/backend';
import { FakeBackend } from '../test/fake';

let fake: FakeBackend;
const locked = { fingerprint: '5577-DB28-91AC-0F3E', protected: true, unlocked: false, last_checkpoint: 40, head: 57 };
const made = { path: '/ws/ekspor/paket-330319.pleno', files: 9, bytes: 1000, sha256: 'ab'.repeat(32), fingerprint: '5577-DB28-91AC-0F3E', audit_head: '58:0123456789abcdef' };

beforeEach(() => {
  fake = new FakeBackend();
  fake.setWho({ actor: 'Ketua PPK', panel: null });
  app.backend = fake;
  app.who = { actor: 'Ketua PPK', panel: null };
  app.device = null;
  app.messages = [];
});
afterEach(() => cleanup());

describe('Cetak: the bundle and the locked key', () => {
  it('asks for the passphrase, opens the key and makes the bundle', async () => {
    fake.answers.key_status = locked;
    fake.answers.unlock_key = new BackendError('passphrase_wrong', 'frasa sandi salah', 400);
    fake.answers.bundle_export = made;
    render(Cetak);
    await fireEvent.click(screen.getByRole('button', { name: 'Buat paket…' }));
    const field = await screen.findByTestId('bundle-passphrase');
    expect(fake.calls.some((c) => c.command === 'bundle_export')).toBe(false);

    await fireEvent.input(field, { target: { value: 'rapat pleno sukamaja' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Buka kunci dan buat paket' }));
    await waitFor(() => expect(app.messages.map((m) => m.code)).toContain('passphrase_wrong'));
    expect(fake.calls.some((c) => c.command === 'bundle_export')).toBe(false);

    fake.answers.unlock_key = { ...locked, unlocked: true };
    fake.answers.key_status = { ...locked, unlocked: true };
    await fireEvent.input(field, { target: { value: 'rapat pleno sukamaju' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Buka kunci dan buat paket' }));
    const line = await screen.findByTestId('bundle-made');
    expect(line.textContent).toContain('5577-DB28-91AC-0F3E');
    expect(line.textContent).toContain('58:0123456789abcdef');
    expect(fake.calls.filter((c) => c.command === 'unlock_key').map((c) => c.args)).toEqual([{ passphrase: 'rapat pleno sukamaja' }, { passphrase: 'rapat pleno sukamaju' }]);
    expect(screen.queryByTestId('bundle-passphrase')).toBeNull();
  });

  it('on a LAN laptop, says to ask at the workstation and sends no passphrase', async () => {
    app.device = { id: 3, name: 'Laptop operator', person: 'Rina', role: 'operator', panel: null, created_at: '', paired_at: '', revoked_at: null } as never;
    fake.answers.key_status = locked;
    render(Cetak);
    await fireEvent.click(screen.getByRole('button', { name: 'Buat paket…' }));
    const banner = await screen.findByTestId('key-locked');
    expect(banner.textContent).toContain('komputer utama');
    expect(screen.queryByTestId('bundle-passphrase')).toBeNull();
    expect(fake.calls.some((c) => c.command === 'unlock_key' || c.command === 'bundle_export')).toBe(false);
  });

  it('carries the agreed box crops only when the operator ticks the box', async () => {
    fake.answers.key_status = { ...locked, protected: false, unlocked: true };
    fake.answers.bundle_export = made;
    render(Cetak);
    await fireEvent.click(screen.getByRole('button', { name: 'Buat paket…' }));
    await screen.findByTestId('bundle-made');
    await fireEvent.click(screen.getByTestId('bundle-crops'));
    await fireEvent.click(screen.getByRole('button', { name: 'Buat paket…' }));
    await waitFor(() => expect(fake.calls.filter((c) => c.command === 'bundle_export').length).toBe(2));
    expect(fake.calls.filter((c) => c.command === 'bundle_export').map((c) => (c.args as { with_crops: boolean }).with_crops)).toEqual([false, true]);
  });
});
