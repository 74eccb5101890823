// Test support only (not exported from the package): runs the `openssl` command line so
// tests can prove interop with the reference implementation, not just with ourselves.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OpensslResult {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs `openssl …args` synchronously (no shell, so arguments need no quoting). */
export function openssl(args: string[], input?: Uint8Array): OpensslResult {
  const r = spawnSync('openssl', args, { input, maxBuffer: 64 * 1024 * 1024 });
  return {
    status: r.status,
    stdout: r.stdout ?? Buffer.alloc(0),
    stderr: r.stderr?.toString() ?? String(r.error ?? ''),
  };
}

function probe(): { ok: boolean; reason: string } {
  const v = openssl(['version']);
  if (v.status !== 0) return { ok: false, reason: 'no openssl command on PATH' };
  const algs = openssl(['list', '-public-key-algorithms']).stdout.toString();
  if (!/SM2/.test(algs)) return { ok: false, reason: `${v.stdout.toString().trim()} has no SM2` };
  return { ok: true, reason: v.stdout.toString().trim() };
}

/** Whether interop tests can run here, and why not (printed in the skipped test's name). */
export const opensslCli = probe();

/** A scratch directory with tiny read/write helpers; call `cleanup()` in afterAll. */
export function scratchDir(prefix = 'sufu-gm-'): {
  dir: string;
  path: (name: string) => string;
  write: (name: string, data: Uint8Array | string) => string;
  read: (name: string) => Buffer;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const path = (name: string): string => join(dir, name);
  return {
    dir,
    path,
    write: (name, data) => {
      writeFileSync(path(name), data);
      return path(name);
    },
    read: (name) => readFileSync(path(name)),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
