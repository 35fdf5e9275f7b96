// The state every screen shares: the backend, the open workspace, who is acting, where we are
// (hash route), and the messages shown to the user.

import type { Backend } from './api/backend';
import { BackendError } from './api/backend';
import type { Device, Election, Summary, Who } from './api/types';
import { tr } from './i18n.svelte';

export type Screen =
  | 'beranda'
  | 'persiapan'
  | 'unggah'
  | 'panel'
  | 'rekap'
  | 'keberatan'
  | 'cetak'
  | 'audit';

export const SCREENS: Screen[] = [
  'beranda',
  'persiapan',
  'unggah',
  'panel',
  'rekap',
  'keberatan',
  'cetak',
  'audit',
];

export interface Route {
  screen: Screen;
  params: Record<string, string>;
}

export interface Message {
  id: number;
  kind: 'error' | 'ok' | 'info';
  title: string;
  text: string;
  code?: string;
}

const WHO_KEY = 'pleno.who';
const CONTRAST_KEY = 'pleno.contrast';

export function parseHash(hash: string): Route {
  const h = hash.replace(/^#\/?/, '');
  const [path, query = ''] = h.split('?');
  const screen = (SCREENS as string[]).includes(path) ? (path as Screen) : 'beranda';
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(query)) params[k] = v;
  return { screen, params };
}

export function routeHash(screen: Screen, params: Record<string, string | number | null | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return `#/${screen}${s ? `?${s}` : ''}`;
}

function loadWho(): Who | null {
  try {
    const raw = globalThis.localStorage?.getItem(WHO_KEY);
    if (raw) {
      const w = JSON.parse(raw) as Who;
      if (w && typeof w.actor === 'string' && w.actor.trim()) return w;
    }
  } catch {
    /* ignore */
  }
  return null;
}

function loadContrast(): 'normal' | 'high' {
  try {
    return globalThis.localStorage?.getItem(CONTRAST_KEY) === 'high' ? 'high' : 'normal';
  } catch {
    return 'normal';
  }
}

export const app = $state<{
  backend: Backend | null;
  /** The paired LAN device this browser is (its person acts on every write), if it is one. */
  device: Device | null;
  /** This browser has no valid token: it shows the pairing screen. */
  needsPairing: boolean;
  summary: Summary | null;
  election: Election | null;
  route: Route;
  who: Who | null;
  messages: Message[];
  contrast: 'normal' | 'high';
  askWho: boolean;
  /** Bumped on every form_changed / recap_changed event: screens reload what they show. */
  revision: number;
}>({
  backend: null,
  device: null,
  needsPairing: false,
  summary: null,
  election: null,
  route: parseHash(globalThis.location?.hash ?? ''),
  who: loadWho(),
  messages: [],
  contrast: loadContrast(),
  askWho: false,
  revision: 0,
});

let nextId = 1;

export function backend(): Backend {
  if (!app.backend) throw new BackendError('no_workspace', tr('Aplikasi belum siap.', 'The app is not ready.'));
  return app.backend;
}

export function setWho(who: Who | null): void {
  app.who = who;
  app.backend?.setWho(who);
  // "Clerk name missing" is answered now.
  if (who) app.messages = app.messages.filter((m) => m.code !== 'actor_required');
  try {
    if (who) globalThis.localStorage?.setItem(WHO_KEY, JSON.stringify(who));
    else globalThis.localStorage?.removeItem(WHO_KEY);
  } catch {
    /* ignore */
  }
}

export function setContrast(c: 'normal' | 'high'): void {
  app.contrast = c;
  try {
    globalThis.localStorage?.setItem(CONTRAST_KEY, c);
  } catch {
    /* ignore */
  }
}

export function navigate(screen: Screen, params: Record<string, string | number | null | undefined> = {}): void {
  const hash = routeHash(screen, params);
  if (globalThis.location && globalThis.location.hash !== hash) globalThis.location.hash = hash;
  setRoute(parseHash(hash));
}

/** Moves to `route`; confirmations of the previous screen go, errors stay until read. */
export function setRoute(route: Route): void {
  if (route.screen !== app.route.screen) app.messages = app.messages.filter((m) => m.kind === 'error');
  app.route = route;
}

/** How long a message stays: news briefly, an error long enough to read it twice. Either
 * way it leaves, so none sits over the field list for the rest of the day. */
export const MESSAGE_MS = { news: 4000, error: 20000 } as const;

export function notify(kind: Message['kind'], title: string, text = '', code?: string): void {
  const m: Message = { id: nextId++, kind, title, text, code };
  // The same message again replaces the old one rather than stacking.
  const others = app.messages.filter((x) => !(x.kind === kind && x.title === title && x.text === text && x.code === code));
  app.messages = [...others.slice(-3), m];
  setTimeout(() => dismiss(m.id), kind === 'error' ? MESSAGE_MS.error : MESSAGE_MS.news);
}

export function dismiss(id: number): void {
  app.messages = app.messages.filter((m) => m.id !== id);
}

/** Before a change: true (and the clerk is asked for their name) when nobody is named yet. */
export function needWho(): boolean {
  if (app.who) return false;
  app.askWho = true;
  return true;
}

/** Shows an error the way every screen does: title from the code, the server's message. */
export function showError(e: unknown): BackendError {
  const err = BackendError.from(e);
  if (err.code === 'actor_required') app.askWho = true;
  notify('error', '', err.message, err.code);
  return err;
}

/** Runs an action; errors become messages. Returns undefined when it failed. */
export async function attempt<T>(f: () => Promise<T>, ok?: string): Promise<T | undefined> {
  try {
    const out = await f();
    if (ok) notify('ok', ok);
    return out;
  } catch (e) {
    showError(e);
    return undefined;
  }
}

/** Reloads the workspace summary (and the election once). */
export async function refreshSummary(): Promise<void> {
  const b = backend();
  app.summary = await b.workspaceSummary();
  if (!app.election) app.election = await b.election();
}

/** Desa name by code, from the election. */
export function desaName(code: string | null | undefined): string {
  if (!code) return '–';
  const d = app.election?.kecamatan.desa.find((x) => x.code === code || code.startsWith(x.code));
  return d?.name ?? code;
}
