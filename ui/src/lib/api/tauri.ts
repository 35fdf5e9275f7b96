// The Backend over Tauri IPC: the desktop app. The ONLY file that imports @tauri-apps/*.
// Use cases go through the shell's two commands `read` and `write` by name (./commands.ts,
// as the HTTP API); writes carry `who` in place of the X-Pleno-Actor header.

import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import { open as openDialog, save as saveDialog } from '@tauri-apps/plugin-dialog';

import { BackendError, BaseBackend, type Capabilities, type PickOptions, type Unsubscribe } from './backend';
import { ROUTES, type Command } from './commands';
import type { AppEvent, CreateWorkspaceRequest, Me, Paired, Places, RecentWorkspace, SharingStatus, Summary } from './types';

/** The event the shell forwards every pleno-app AppEvent on. */
export const EVENT_NAME = 'pleno://event';

type Invoke = <T>(cmd: string, args?: Record<string, unknown>) => Promise<T>;

export class TauriBackend extends BaseBackend {
  readonly kind = 'tauri' as const;
  readonly capabilities: Capabilities = {
    switchWorkspace: true,
    pickFiles: true,
    openFiles: true,
    projectorWindow: true,
    lanSharing: true,
  };
  private readonly invokeImpl: Invoke;
  private imageUrls = new Map<string, string>();

  constructor(invokeImpl: Invoke = invoke) {
    super();
    this.invokeImpl = invokeImpl;
  }

  /** The shell command and arguments `call` sends (exposed for the contract tests): reads go
   * through `read`, which the projector window may call; everything else through `write`,
   * which only the main window may, naming the clerk for writes. */
  invocation(command: Command, args: Record<string, unknown> = {}): { cmd: 'read' | 'write'; args: Record<string, unknown> } {
    const access = ROUTES[command].access;
    if (access === 'read') return { cmd: 'read', args: { name: command, args } };
    const who = access === 'write' ? { actor: this.currentWho?.actor ?? '', panel: this.currentWho?.panel ?? null } : null;
    return { cmd: 'write', args: { name: command, args, who } };
  }

  protected async send(command: Command, args: Record<string, unknown>): Promise<unknown> {
    this.requireWho(command);
    const { cmd, args: sent } = this.invocation(command, args);
    return this.raw(cmd, sent);
  }

  private async raw<T>(command: string, args?: Record<string, unknown>): Promise<T> {
    try {
      const out = await this.invokeImpl<T>(command, args);
      return (out ?? {}) as T;
    } catch (e) {
      throw BackendError.from(e);
    }
  }

  async pageImageUrl(id: number, max = 1600): Promise<string> {
    const key = `${id}:${max}`;
    const cached = this.imageUrls.get(key);
    if (cached) return cached;
    const bytes = await this.raw<ArrayBuffer>('page_image', { args: { id, max } });
    const url = URL.createObjectURL(new Blob([bytes], { type: 'image/jpeg' }));
    this.imageUrls.set(key, url);
    return url;
  }

  subscribe(listener: (e: AppEvent) => void): Unsubscribe {
    let stop: (() => void) | null = null;
    let cancelled = false;
    void listen<AppEvent>(EVENT_NAME, (ev) => listener(ev.payload)).then((un) => {
      if (cancelled) un();
      else stop = un;
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }

  async pickPaths(options: PickOptions): Promise<string[] | null> {
    if (options.save) {
      const p = await saveDialog({ title: options.title, filters: options.filters });
      return p ? [p] : null;
    }
    const picked = await openDialog({
      title: options.title,
      directory: options.directory ?? false,
      multiple: options.multiple ?? false,
      filters: options.filters,
    });
    if (picked == null) return null;
    return Array.isArray(picked) ? picked : [picked];
  }

  /** The shell opens it with the opener plugin, and only inside the workspace folder. */
  async openPath(path: string): Promise<void> {
    await this.raw('open_document', { args: { path } });
  }

  onDropPaths(listener: (paths: string[]) => void): Unsubscribe {
    let stop: (() => void) | null = null;
    let cancelled = false;
    void getCurrentWebview()
      .onDragDropEvent((ev) => {
        if (ev.payload.type === 'drop' && ev.payload.paths.length) listener(ev.payload.paths);
      })
      .then((un) => {
        if (cancelled) un();
        else stop = un;
      });
    return () => {
      cancelled = true;
      stop?.();
    };
  }

  async openProjector(): Promise<void> {
    await this.raw('open_projector');
  }
  recentWorkspaces(): Promise<RecentWorkspace[]> {
    return this.raw<RecentWorkspace[]>('recent_workspaces');
  }
  openWorkspace(dir: string, readOnly = false): Promise<Summary> {
    return this.raw<Summary>('open_workspace', { args: { dir, read_only: readOnly } });
  }
  createWorkspace(req: CreateWorkspaceRequest): Promise<Summary> {
    return this.raw<Summary>('create_workspace', {
      args: { ...req, figures: req.figures ?? null, who: { actor: this.currentWho?.actor ?? '', panel: null } },
    });
  }
  async closeWorkspace(): Promise<void> {
    await this.raw('close_workspace');
  }
  places(): Promise<Places | null> {
    return this.raw<Places>('places');
  }
  openDemo(): Promise<Summary> {
    return this.raw<Summary>('open_demo');
  }
  override sharingStatus(): Promise<SharingStatus | null> {
    return this.raw<SharingStatus>('sharing_status');
  }
  override setSharing(on: boolean): Promise<SharingStatus> {
    return this.raw<SharingStatus>('set_sharing', { args: { on } });
  }
  painted(): void {
    void this.raw('painted').catch(() => {});
  }
  async me(): Promise<Me> {
    return { kind: 'workstation', device: null };
  }
  async pair(_code: string, _deviceName: string): Promise<Paired> {
    throw new BackendError('not_available', 'Aplikasi desktop adalah komputer utama; kode pasangan diketik di laptop lain.');
  }
}
