// An in-memory Backend for component tests: answers from fixtures captured from pleno-app on
// the demo workspace (ui/src/test/fixtures) and records every call.

import { BaseBackend, BackendError, type Capabilities, type PickOptions, type Unsubscribe } from '../lib/api/backend';
import type { Command } from '../lib/api/commands';
import type { AppEvent, Me, Paired, RecentWorkspace, Summary } from '../lib/api/types';
import form from './fixtures/form_ppwp_misread.json';
import queue from './fixtures/queue.json';
import summary from './fixtures/summary.json';
import organisation from './fixtures/organisation.json';
import policy from './fixtures/policy.json';
import history from './fixtures/history_after.json';
import election from './fixtures/election.json';

export class FakeBackend extends BaseBackend {
  readonly kind = 'http' as const;
  readonly capabilities: Capabilities = { switchWorkspace: false, pickFiles: false, openFiles: false, projectorWindow: false };
  calls: { command: Command; args: Record<string, unknown> }[] = [];
  listeners = new Set<(e: AppEvent) => void>();
  /** Answers that override the fixtures, or errors to throw, per command. */
  answers: Partial<Record<Command, unknown>> = {};

  protected async send(command: Command, args: Record<string, unknown>): Promise<unknown> {
    this.requireWho(command);
    this.calls.push({ command, args });
    const a = this.answers[command];
    if (a instanceof BackendError) throw a;
    if (a !== undefined) return structuredClone(a);
    const fixtures: Partial<Record<Command, unknown>> = {
      form,
      queue,
      workspace_summary: summary,
      organisation,
      policy,
      field_history: history,
      election,
      pages: [],
      objections: [],
      signoffs: [],
      jobs: [],
      selection: null,
    };
    return structuredClone(fixtures[command] ?? {});
  }
  emit(e: AppEvent) {
    for (const l of this.listeners) l(e);
  }
  subscribe(listener: (e: AppEvent) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  onDropPaths(): Unsubscribe {
    return () => {};
  }
  async pageImageUrl(id: number) {
    return `about:blank#${id}`;
  }
  async pickPaths(_o: PickOptions) {
    return null;
  }
  async openPath() {}
  async openProjector() {}
  async recentWorkspaces(): Promise<RecentWorkspace[]> {
    return [];
  }
  async openWorkspace(): Promise<Summary> {
    return summary as Summary;
  }
  async createWorkspace(): Promise<Summary> {
    return summary as Summary;
  }
  async closeWorkspace() {}
  async places() {
    return null;
  }
  async openDemo(): Promise<Summary> {
    return summary as Summary;
  }
  painted() {}
  /** What `me()` answers; a test sets a paired device here. */
  meAnswer: Me = { kind: 'workstation', device: null };
  async me(): Promise<Me> {
    return structuredClone(this.meAnswer);
  }
  pairCalls: { code: string; deviceName: string }[] = [];
  pairAnswer: Paired | BackendError = new BackendError('pairing_refused', 'kode salah', 401);
  async pair(code: string, deviceName: string): Promise<Paired> {
    this.pairCalls.push({ code, deviceName });
    if (this.pairAnswer instanceof BackendError) throw this.pairAnswer;
    return structuredClone(this.pairAnswer);
  }
  named(command: Command) {
    return this.calls.filter((c) => c.command === command);
  }
}
