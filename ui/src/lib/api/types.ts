// The shapes pleno-app serialises are generated from its Rust types (generated/types.ts; see
// crates/pleno-app/src/api/ts.rs). This file adds the names the screens use for some of them
// and the few shapes only the desktop shell and the transports know.

import type {
  AcceptancePolicy,
  Api,
  BundleReport,
  Contest,
  Device,
  DocChoice,
  PageView,
  Printed,
  RecapView,
  VerifyReport,
} from './generated/types';

export type * from './generated/types';

export const CONTESTS: Contest[] = ['ppwp', 'dpr', 'dpd', 'dprd_prov', 'dprd_kab'];

/** Who acts: sent as `X-Pleno-Actor` / `X-Pleno-Panel` over HTTP, as `who` over Tauri IPC. */
export interface Who {
  actor: string;
  panel?: number | null;
}

/** What this window's token is (`GET /api/me`): the workstation, its read-only link, or a
 * paired LAN device whose person and role act on every write. */
export interface Me {
  kind: 'workstation' | 'read_only' | 'device';
  device: Device | null;
}

/** A device just paired (`POST /api/pair`): the token it keeps. */
export interface Paired {
  token: string;
  device: Device;
}

/** One file received by `PUT /api/uploads/{batch}` (crates/pleno-app/src/uploads.rs). */
export interface Uploaded {
  path: string;
  bytes: number;
  sha256: string;
  duplicate: boolean;
}

export type Policy = AcceptancePolicy;
export type PageDetail = PageView;
export type Recap = RecapView;
export type PrintResult = Printed;
export type BundleResult = BundleReport;
export type VerifyResult = VerifyReport;
export type PrintDoc = DocChoice;

export type QueueFilter = Api['queue']['args'];
export type PageFilter = Api['pages']['args'];
export type AuditFilter = Api['audit']['args'];
export type NewObjection = Api['raise_objection']['args'];
export type PrintRequest = Api['print']['args'];

// The desktop shell's own commands (src-tauri), outside the use-case table.
export interface RecentWorkspace {
  dir: string;
  kecamatan: string;
  opened_at: string;
}
/** Where the desktop shell keeps things (src-tauri/src/places.rs). */
export interface Places {
  workspaces: string;
  demo: string;
  log_file: string | null;
}
export interface CreateWorkspaceRequest {
  dir: string;
  reference: string;
  drill: boolean;
  figures?: string | null;
}
