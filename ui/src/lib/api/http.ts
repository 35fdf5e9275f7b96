// The Backend over `pleno serve` (docs/api.md): browser, LAN projector, browser E2E.

import { BackendError, BaseBackend, type Capabilities, type PickOptions, type Unsubscribe } from './backend';
import { ROUTES, fillPath, queryString, type Command } from './commands';
import type { AppEvent, CreateWorkspaceRequest, Me, Paired, Places, RecentWorkspace, Summary, Uploaded } from './types';

export interface HttpOptions {
  /** Origin of the server ('' = the page's own origin). */
  base?: string;
  /** The workstation's full or read-only token, or a paired device's. */
  token?: string | null;
  fetch?: typeof fetch;
  /** EventSource constructor (injectable for tests). */
  eventSource?: (url: string) => EventSourceLike;
}

export interface EventSourceLike {
  onmessage: ((ev: { data: string }) => void) | null;
  onopen?: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  close(): void;
}

const NOT_HERE = (what: string) =>
  new BackendError(
    'not_available',
    `${what} tidak tersedia lewat peramban: 'pleno serve' melayani satu ruang kerja. Gunakan aplikasi desktop atau jalankan 'pleno serve FOLDER' untuk ruang kerja lain.`,
  );

export class HttpBackend extends BaseBackend {
  readonly kind = 'http' as const;
  readonly capabilities: Capabilities = {
    switchWorkspace: false,
    pickFiles: false,
    openFiles: false,
    projectorWindow: false,
    downloadFiles: true,
  };
  readonly base: string;
  readonly token: string | null;
  private readonly fetchImpl: typeof fetch;
  private readonly makeEventSource: (url: string) => EventSourceLike;
  private listeners = new Set<(e: AppEvent) => void>();
  private connected = new Set<() => void>();
  private source: EventSourceLike | null = null;

  constructor(options: HttpOptions = {}) {
    super();
    this.base = (options.base ?? '').replace(/\/$/, '');
    this.token = options.token ?? null;
    this.fetchImpl = options.fetch ?? ((...a) => globalThis.fetch(...a));
    this.makeEventSource =
      options.eventSource ?? ((url) => new EventSource(url) as unknown as EventSourceLike);
  }

  /** The request `call` would send (exposed for the contract tests). */
  request(command: Command, args: Record<string, unknown> = {}): { url: string; init: RequestInit } {
    const route = ROUTES[command];
    const { path, rest } = fillPath(route, args);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (route.access === 'write' && this.currentWho) {
      headers['X-Pleno-Actor'] = encodeURIComponent(this.currentWho.actor);
      if (this.currentWho.panel != null) headers['X-Pleno-Panel'] = String(this.currentWho.panel);
    }
    let url = `${this.base}${path}`;
    const init: RequestInit = { method: route.method, headers };
    if (route.method === 'GET') {
      url += queryString(rest);
    } else {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(rest);
    }
    return { url, init };
  }

  protected async send(command: Command, args: Record<string, unknown>): Promise<unknown> {
    this.requireWho(command);
    const { url, init } = this.request(command, args);
    return this.exchange(url, init);
  }

  async me(): Promise<Me> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    return (await this.exchange(`${this.base}/api/me`, { method: 'GET', headers })) as Me;
  }

  async pair(code: string, deviceName: string): Promise<Paired> {
    return (await this.exchange(`${this.base}/api/pair`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ code, device_name: deviceName }),
    })) as Paired;
  }

  override async serverFingerprint(): Promise<string | null> {
    const health = (await this.exchange(`${this.base}/api/health`, { method: 'GET', headers: { Accept: 'application/json' } })) as {
      tls_fingerprint?: string | null;
    };
    return health.tls_fingerprint ?? null;
  }

  override async uploadFile(batch: string, path: string, file: Blob): Promise<Uploaded> {
    const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/octet-stream' };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    const url = `${this.base}/api/uploads/${encodeURIComponent(batch)}${queryString({ path })}`;
    return (await this.exchange(url, { method: 'PUT', headers, body: file })) as Uploaded;
  }

  /** Fetches the file with this device's token (never in the address) and hands it to the
   * browser as a download under its own name. */
  override async downloadFile(file: { folder: string; name: string }): Promise<void> {
    const headers: Record<string, string> = {};
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    const url = `${this.base}/api/files/${encodeURIComponent(file.folder)}/${encodeURIComponent(file.name)}`;
    let res: Response;
    try {
      res = await this.fetchImpl(url, { method: 'GET', headers });
    } catch (e) {
      throw new BackendError('offline', `Server Pleno tidak menjawab (${e instanceof Error ? e.message : String(e)}); coba lagi.`);
    }
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { code?: string; message?: string } | null;
      throw new BackendError(body?.code ?? 'internal', body?.message ?? `Server menjawab ${res.status}`, res.status);
    }
    const blob = await res.blob();
    const href = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = href;
    a.download = file.name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(href), 60_000);
  }

  /** One request; an error answer becomes a BackendError with the server's code. */
  private async exchange(url: string, init: RequestInit): Promise<unknown> {
    let res: Response;
    try {
      res = await this.fetchImpl(url, init);
    } catch (e) {
      throw new BackendError(
        'offline',
        `Server Pleno tidak menjawab (${e instanceof Error ? e.message : String(e)}). Periksa bahwa 'pleno serve' masih berjalan, lalu coba lagi.`,
      );
    }
    const text = await res.text();
    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    if (!res.ok) {
      if (body && typeof body === 'object' && 'code' in body) {
        const b = body as { code: string; message?: string };
        throw new BackendError(b.code, b.message ?? b.code, res.status);
      }
      throw new BackendError(
        res.status === 404 ? 'not_found' : 'internal',
        `Server menjawab ${res.status}${typeof body === 'string' && body ? `: ${body}` : ''}`,
        res.status,
      );
    }
    // Writes answer {} or a small object; a body-less 204 becomes {}.
    return body ?? {};
  }

  async pageImageUrl(id: number, max = 1600): Promise<string> {
    const q = queryString({ max, token: this.token });
    return `${this.base}/api/pages/${id}/image${q}`;
  }

  subscribe(listener: (e: AppEvent) => void): Unsubscribe {
    this.listeners.add(listener);
    this.ensureSource();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.source) {
        this.source.close();
        this.source = null;
      }
    };
  }

  override onConnected(listener: () => void): Unsubscribe {
    this.connected.add(listener);
    return () => this.connected.delete(listener);
  }

  private ensureSource(): void {
    if (this.source) return;
    const url = `${this.base}/api/events${queryString({ token: this.token })}`;
    const source = this.makeEventSource(url);
    source.onmessage = (ev) => {
      let event: AppEvent;
      try {
        event = JSON.parse(ev.data) as AppEvent;
      } catch {
        return;
      }
      for (const l of this.listeners) l(event);
    };
    // EventSource reconnects by itself; what was sent while it was away is fetched anew.
    source.onerror = () => {};
    source.onopen = () => {
      for (const l of this.connected) l();
    };
    this.source = source;
  }

  async pickPaths(_options: PickOptions): Promise<string[] | null> {
    return null;
  }
  async openPath(_path: string): Promise<void> {
    throw NOT_HERE('Membuka berkas di penampil sistem');
  }
  async openProjector(): Promise<void> {
    // A browser opens the projector as another tab/window on the same server.
    const url = new URL(globalThis.location?.href ?? 'http://localhost/');
    url.hash = '';
    url.searchParams.set('window', 'projector');
    if (this.token) url.searchParams.set('token', this.token);
    globalThis.open?.(url.toString(), 'pleno-projector');
  }
  onDropPaths(_listener: (paths: string[]) => void): Unsubscribe {
    return () => {};
  }
  async recentWorkspaces(): Promise<RecentWorkspace[]> {
    return [];
  }
  async openWorkspace(_dir: string): Promise<Summary> {
    throw NOT_HERE('Membuka ruang kerja lain');
  }
  async createWorkspace(_req: CreateWorkspaceRequest): Promise<Summary> {
    throw NOT_HERE('Membuat ruang kerja baru');
  }
  async closeWorkspace(): Promise<void> {}
  async places(): Promise<Places | null> {
    return null;
  }
  async openDemo(): Promise<Summary> {
    throw NOT_HERE('Membuka data contoh');
  }
  painted(): void {}
}
