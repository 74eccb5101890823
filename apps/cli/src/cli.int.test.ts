import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, expect, it } from 'vitest';
import { demoTotpSecret, totpCode } from '@sufu/identity';

// The operator's commands, run as an operator would: `npx sufu …` in a child process on an
// embedded data folder of its own.
const ROOT = path.resolve(import.meta.dirname, '../../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sufu-cli-'));
const env = {
  ...process.env,
  SUFU_DATA_DIR: dataDir,
  DATABASE_URL: '',
  SUFU_SEED_DEMO: 'false',
  SUFU_LOG_LEVEL: 'warn',
};
const sufu = (...args: string[]) =>
  spawnSync(process.execPath, ['apps/cli/bin/sufu.mjs', ...args], {
    cwd: ROOT,
    env: { ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

it('migrates, creates an administrator and exports the audit trail that records it', () => {
  const m = sufu('migrate');
  expect(m.status, m.stderr).toBe(0);
  expect(m.stdout).toContain('2026-11-27T0001-kernel-audit-trail');
  expect(sufu('migrate', '--status').stdout).toContain('pending: 0');

  const weak = spawnSync(
    process.execPath,
    ['apps/cli/bin/sufu.mjs', 'create-admin', 'ops.admin', '运维管理员'],
    { cwd: ROOT, env: { ...env, SUFU_ADMIN_PASSWORD: 'short' }, encoding: 'utf8' },
  );
  expect(weak.status).not.toBe(0);
  const created = spawnSync(
    process.execPath,
    ['apps/cli/bin/sufu.mjs', 'create-admin', 'ops.admin', '运维管理员'],
    { cwd: ROOT, env: { ...env, SUFU_ADMIN_PASSWORD: 'Strong#Pass2026' }, encoding: 'utf8' },
  );
  expect(created.status, created.stderr).toBe(0);
  expect(created.stdout).toContain('created system administrator ops.admin');

  const out = path.join(dataDir, 'audit.jsonl');
  const exp = sufu('audit', 'export', '--format', 'jsonl', '--out', out);
  expect(exp.status, exp.stderr).toBe(0);
  const records = fs
    .readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { action: string });
  expect(records.map((r) => r.action)).toEqual(
    expect.arrayContaining(['account.created', 'account.admin_bootstrapped']),
  );
});

it('prints the current one-time code of a demo account, and refuses other names', () => {
  const r = sufu('demo-otp', 'clerk.xuanwu');
  expect(r.status).toBe(0);
  const code = r.stdout.match(/clerk\.xuanwu\s+(\d{6})/)?.[1];
  const now = [
    totpCode(demoTotpSecret('clerk.xuanwu')),
    totpCode(demoTotpSecret('clerk.xuanwu'), Date.now() - 30_000),
  ];
  expect(now).toContain(code);
  expect(sufu('demo-otp', 'someone.else').status).toBe(2);
});

it('stops on a bad configuration with every problem listed', () => {
  const r = spawnSync(process.execPath, ['apps/cli/bin/sufu.mjs', 'migrate'], {
    cwd: ROOT,
    env: { ...env, PORT: 'x', SUFU_LOG_LEVEL: 'loud' },
    encoding: 'utf8',
  });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('PORT');
  expect(r.stderr).toContain('SUFU_LOG_LEVEL');
});
