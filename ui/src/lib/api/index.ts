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

/** HTTP settings from the page URL (`?token=…&api=…`), remembered for the session. */
export function httpSettings(href: string, storage: Storage | null): { base: string; token: string | null } {
  const url = new URL(href);
  let token = url.searchParams.get('token');
  if (token) storage?.setItem(TOKEN_KEY, token);
  else token = storage?.getItem(TOKEN_KEY) ?? null;
  const base = url.searchParams.get('api') ?? '';
  return { base, token };
}

export async function createBackend(): Promise<Backend> {
  if (inTauri()) {
    const { TauriBackend } = await import('./tauri');
    return new TauriBackend();
  }
  const { base, token } = httpSettings(window.location.href, window.sessionStorage);
  return new HttpBackend({ base, token });
}
