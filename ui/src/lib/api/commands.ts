// The use cases the UI calls, as pleno-app declares them (generated/commands.ts is written from
// its table): the name both backends use, the HTTP route of `pleno serve` (docs/api.md) and
// who may call it. Both backends take the same argument object; path parameters are named as
// in docs/api.md and taken out of it, the rest is the JSON body (or the query string for GET).

import { ROUTES } from './generated/commands';
import type { Api } from './generated/types';

export { ROUTES };

export type Method = 'GET' | 'POST' | 'PUT';

export interface Route {
  method: Method;
  /** `{name}` segments are filled from the argument of the same name. */
  path: string;
  /** read: anyone with a token; control: the main window; write: names the clerk
   * (`X-Pleno-Actor` / `who`). */
  access: 'read' | 'control' | 'write';
}

export type Command = keyof typeof ROUTES & keyof Api;

/** Contests travel as `dprd_kab` in JSON and as `dprd-kab` in URL paths. */
export function contestSlug(contest: string): string {
  return contest.replace(/_/g, '-');
}

/**
 * Splits `args` into the filled path and what is left (body or query). Path values are
 * URI-encoded; a contest path segment uses the slug spelling.
 */
export function fillPath(
  route: Route,
  args: Record<string, unknown>,
): { path: string; rest: Record<string, unknown> } {
  const rest: Record<string, unknown> = { ...args };
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in rest) || rest[name] === undefined || rest[name] === null) {
      throw new Error(`argumen '${name}' wajib untuk ${route.path}`);
    }
    let value = String(rest[name]);
    if (name === 'contest') value = contestSlug(value);
    delete rest[name];
    return encodeURIComponent(value);
  });
  return { path, rest };
}

/** A query string from the non-empty values of `args` (`?a=1&b=x`), or ''. */
export function queryString(args: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(args)) {
    if (v === undefined || v === null || v === '') continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
