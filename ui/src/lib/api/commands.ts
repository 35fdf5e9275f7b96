// One table for every use case the UI calls: the Tauri command name (snake_case) and the HTTP
// route of `pleno serve` (docs/api.md). Both backends take the same argument object; path
// parameters are named as in docs/api.md and taken out of it, the rest is the JSON body (or the
// query string for GET).

export type Method = 'GET' | 'POST' | 'PUT';

export interface Route {
  method: Method;
  /** `{name}` segments are filled from the argument of the same name. */
  path: string;
  /** A write: needs an actor (`X-Pleno-Actor` / `who`). */
  write?: boolean;
}

export const ROUTES = {
  workspace_summary: { method: 'GET', path: '/api/workspace' },
  election: { method: 'GET', path: '/api/election' },
  organisation: { method: 'GET', path: '/api/organisation' },
  add_panel: { method: 'POST', path: '/api/panels', write: true },
  assign_desa: { method: 'POST', path: '/api/panels/{id}/desa', write: true },
  set_panel_chair: { method: 'POST', path: '/api/panels/{id}/chair', write: true },
  hand_over_tps: { method: 'POST', path: '/api/tps/{tps}/handover', write: true },
  set_kpps_panels: { method: 'POST', path: '/api/tps/{tps}/kpps-panels', write: true },
  policy: { method: 'GET', path: '/api/settings/policy' },
  set_policy: { method: 'PUT', path: '/api/settings/policy', write: true },
  set_max_panels: { method: 'PUT', path: '/api/settings/max-panels', write: true },

  queue: { method: 'GET', path: '/api/queue' },
  form: { method: 'GET', path: '/api/forms/{tps}/{contest}' },
  confirm_form: { method: 'POST', path: '/api/forms/{tps}/{contest}/confirm', write: true },
  correct_field: { method: 'PUT', path: '/api/forms/{tps}/{contest}/fields/{key}', write: true },
  accept_suggestion: {
    method: 'POST',
    path: '/api/forms/{tps}/{contest}/suggestions/{index}/accept',
    write: true,
  },
  request_recount: { method: 'POST', path: '/api/forms/{tps}/{contest}/recount', write: true },
  enter_recount: { method: 'POST', path: '/api/forms/{tps}/{contest}/recount-result', write: true },
  enter_form: { method: 'POST', path: '/api/forms/{tps}/{contest}/entries', write: true },
  field_history: { method: 'GET', path: '/api/forms/{tps}/{contest}/fields/{key}/history' },

  pages: { method: 'GET', path: '/api/pages' },
  page: { method: 'GET', path: '/api/pages/{id}' },
  assign_page: { method: 'POST', path: '/api/pages/{id}/assign', write: true },
  set_corners: { method: 'POST', path: '/api/pages/{id}/corners', write: true },
  import_photos: { method: 'POST', path: '/api/import', write: true },
  import_figures: { method: 'POST', path: '/api/import/figures', write: true },
  jobs: { method: 'GET', path: '/api/jobs' },
  job: { method: 'GET', path: '/api/jobs/{id}' },
  cancel_job: { method: 'POST', path: '/api/jobs/{id}/cancel', write: true },

  objections: { method: 'GET', path: '/api/objections' },
  raise_objection: { method: 'POST', path: '/api/objections', write: true },
  resolve_objection: { method: 'POST', path: '/api/objections/{id}/resolve', write: true },
  signoffs: { method: 'GET', path: '/api/signoffs' },
  close_desa: { method: 'POST', path: '/api/desa/{desa}/close', write: true },
  finalize_kecamatan: { method: 'POST', path: '/api/kecamatan/finalize', write: true },
  reopen_signoff: { method: 'POST', path: '/api/signoffs/{id}/reopen', write: true },

  recap: { method: 'GET', path: '/api/recap' },
  print: { method: 'POST', path: '/api/print', write: true },
  export: { method: 'POST', path: '/api/export', write: true },
  bundle_export: { method: 'POST', path: '/api/bundle/export', write: true },
  bundle_import: { method: 'POST', path: '/api/bundle/import', write: true },

  audit: { method: 'GET', path: '/api/audit' },
  verify_audit: { method: 'POST', path: '/api/audit/verify' },
  selection: { method: 'GET', path: '/api/selection' },
  set_selection: { method: 'POST', path: '/api/selection' },
} as const satisfies Record<string, Route>;

export type Command = keyof typeof ROUTES;

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
