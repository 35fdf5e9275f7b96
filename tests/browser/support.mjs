// Shared by the browser and desktop E2E suites: paths, the pleno binary, a fresh copy of the
// demo workspace, child processes that are always stopped, and step timing.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const OUTPUT = join(ROOT, 'tests/output');
export const TARGET = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(ROOT, 'target');
export const DEMO_REFERENCE = join(ROOT, 'assets/demo/referensi.xlsx');
export const DEMO_FIGURES = join(ROOT, 'assets/demo/hasil.xlsx');

/** The `pleno` CLI (PLENO_BIN, else the cargo debug build). */
export function plenoBin() {
  const bin = process.env.PLENO_BIN ?? join(TARGET, 'debug/pleno');
  if (!existsSync(bin)) throw new Error(`${bin} tidak ada: jalankan 'cargo build -p pleno-cli' dulu (atau setel PLENO_BIN)`);
  return bin;
}

export function prepareWorkspace(dest) {
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dirname(dest), { recursive: true });
  const src = process.env.PLENO_E2E_WORKSPACE;
  if (src) {
    cpSync(src, dest, { recursive: true, filter: (p) => !p.endsWith('pleno.lock') });
    return { dir: dest, how: `copy of ${src}` };
  }
  const bin = plenoBin();
  const r = spawnSync(bin, ['init', dest, '--referensi', DEMO_REFERENCE, '--uji-coba'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pleno init gagal:\n${r.stdout}\n${r.stderr}`);
  return { dir: dest, how: 'pleno init' };
}

const children = new Set();
/** Starts a child process that is stopped when the suite ends, whatever happens. */
export function start(cmd, args, options = {}) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  children.add(child);
  child.on('exit', () => children.delete(child));
  child.output = '';
  child.stdout.on('data', (d) => (child.output += d));
  child.stderr.on('data', (d) => (child.output += d));
  return child;
}
export function stopAll() {
  for (const c of children) {
    try {
      c.kill('SIGTERM');
    } catch {
      /* gone */
    }
  }
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => (stopAll(), process.exit(130)));
process.on('exit', stopAll);

/** Waits until `f` returns a truthy value (polling), or throws after `ms`. */
export async function until(f, ms, what) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      const v = await f();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`menunggu ${what} lebih dari ${ms} ms${last ? `: ${last.message}` : ''}`);
}

/** Step runner: times each step, prints it, stops at the first failure. */
export function steps(name) {
  const results = [];
  const t0 = Date.now();
  return {
    results,
    async step(title, f) {
      const s = Date.now();
      process.stdout.write(`  ${title} … `);
      try {
        const note = await f();
        const ms = Date.now() - s;
        results.push({ title, ok: true, ms, note: note ?? null });
        console.log(`ok (${ms} ms)${note ? ` — ${note}` : ''}`);
      } catch (e) {
        const ms = Date.now() - s;
        results.push({ title, ok: false, ms, error: String(e?.stack ?? e) });
        console.log(`GAGAL (${ms} ms)`);
        throw e;
      }
    },
    total: () => Date.now() - t0,
    name,
  };
}

export function freePort() {
  return 20000 + Math.floor(Math.random() * 20000);
}
