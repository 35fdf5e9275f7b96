// Chooses the Backend for this window: Tauri IPC inside the desktop app, HTTP otherwise.
// The Tauri module is loaded only inside Tauri, so the browser build never touches it.

import type { Backend } from './backend';
import { HttpBackend } from './http';

export type { Backend } from './backend';
export { BackendError } from './backend';

export function inTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

const TOKEN_KEY = 'pleno.token';
/** A paired device's token: kept across browser restarts, as the laptop pairs once. */
export const DEVICE_TOKEN_KEY = 'pleno.device-token';

/** HTTP settings from the page URL (`?token=…&api=…`), remembered for the session; else the
 * token this browser was paired with. */
export function httpSettings(
  href: string,
  storage: Storage | null,
  paired: Storage | null = null,
): { base: string; token: string | null } {
  const url = new URL(href);
  let token = url.searchParams.get('token');
  if (token) storage?.setItem(TOKEN_KEY, token);
  else token = storage?.getItem(TOKEN_KEY) ?? paired?.getItem(DEVICE_TOKEN_KEY) ?? null;
  const base = url.searchParams.get('api') ?? '';
  return { base, token };
}

/** Keeps a freshly paired token (or forgets a revoked one) in this browser. */
export function rememberDeviceToken(token: string | null): void {
  try {
    if (token) window.localStorage.setItem(DEVICE_TOKEN_KEY, token);
    else window.localStorage.removeItem(DEVICE_TOKEN_KEY);
    window.sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    /* storage refused: the next start asks for a code again */
  }
}

export async function createBackend(): Promise<Backend> {
  if (inTauri()) {
    const { TauriBackend } = await import('./tauri');
    return new TauriBackend();
  }
  const { base, token } = httpSettings(window.location.href, window.sessionStorage, window.localStorage);
  return new HttpBackend({ base, token });
}
