import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  ConfigError,
  DataDirLockedError,
  createLogger,
  loadConfig,
  migrateToLatest,
  migrationStatus,
  openDatabase,
  systemActor,
  recordAudit,
} from '@sufu/kernel';
import {
  bootPlatform,
  allMigrations,
  createModules,
  moduleOptions,
  seed,
  ROOT_DIR,
  WEB_DIST,
} from '@sufu/server';
import { DEMO_STAFF, demoTotpSecret, totpCode } from '@sufu/identity';
import { exportAudit } from '@sufu/audit';

const HELP = `sufu — 苏服办 platform command line

Usage: npx sufu <command> [options]

  start                 migrate, load demo data on first start, serve web + API on $PORT (default 8080)
  worker                run only the outbox worker (when SUFU_WORKER=off on the servers)
  migrate               apply pending database migrations
  migrate --status      show applied and pending migrations
  seed                  load reference data, and demo data when SUFU_SEED_DEMO is not false
  create-admin <username> <display-name>
                        create a system administrator; reads the password from SUFU_ADMIN_PASSWORD
                        or prompts; a second factor is enrolled at first sign-in
  audit export [--from ISO] [--to ISO] [--format csv|jsonl] [--out FILE]
                        write the audit trail of a period to a file (or stdout)
  demo-otp [username]   print the current one-time code of a demo staff account (demo data only)
  help                  this text

Environment: PORT, SUFU_DATA_DIR (default ./.sufu), DATABASE_URL, and the others in README.md.`;

function arg(name: string, args: string[]): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function ensureWebBuilt() {
  if (fs.existsSync(path.join(WEB_DIST, 'index.html'))) return;
  console.log('Building the web app (first start)…');
  const r = spawnSync('npm', ['run', 'build', '-w', '@sufu/web'], { cwd: ROOT_DIR, stdio: 'inherit' });
  if (r.status !== 0)
    console.error('The web app did not build; the API still runs. Run `npm run build:web` to see why.');
}

async function main(argv: string[]) {
  const [command = 'help', ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    console.log(HELP);
    return 0;
  }
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel });

  switch (command) {
    case 'start': {
      ensureWebBuilt();
      const platform = await bootPlatform({ config, logger });
      await platform.app.listen({ port: config.port, host: config.host });
      logger.info(
        { url: `http://localhost:${config.port}`, database: platform.database.describe },
        'Sufu is serving',
      );
      const stop = async () => {
        logger.info('stopping');
        await platform.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      return undefined;
    }
    case 'worker': {
      const platform = await bootPlatform({ config, logger, startWorker: true });
      logger.info('outbox worker running');
      const stop = async () => {
        await platform.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      return undefined;
    }
    case 'migrate': {
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        if (rest.includes('--status')) {
          const s = await migrationStatus(database.db, allMigrations);
          console.log(
            `applied: ${s.applied}, pending: ${s.pending}${s.names.length ? `\n  ${s.names.join('\n  ')}` : ''}`,
          );
        } else {
          const r = await migrateToLatest(database.db, allMigrations);
          const done = r.results?.filter((x) => x.status === 'Success').map((x) => x.migrationName) ?? [];
          console.log(done.length ? `applied:\n  ${done.join('\n  ')}` : 'already up to date');
        }
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'seed': {
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        await migrateToLatest(database.db, allMigrations);
        const modules = createModules(moduleOptions(config, database.db));
        const r = await seed(database.db, modules, { demo: config.seedDemo, logger });
        console.log(JSON.stringify(r));
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'create-admin': {
      const [username, displayName] = rest;
      if (!username || !displayName) {
        console.error(
          'usage: sufu create-admin <username> <display-name>   (password from SUFU_ADMIN_PASSWORD)',
        );
        return 2;
      }
      const password = process.env.SUFU_ADMIN_PASSWORD;
      if (!password) {
        console.error(
          'Set SUFU_ADMIN_PASSWORD to the new password (at least 10 characters with a letter, a digit and a symbol).',
        );
        return 2;
      }
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        await migrateToLatest(database.db, allMigrations);
        const modules = createModules(moduleOptions(config, database.db));
        await seed(database.db, modules, { demo: false, logger });
        const departmentId =
          arg('--department', rest) ??
          (await modules.directory.api.listDepartments()).find((d) => d.level === 'province')?.id;
        if (!departmentId) {
          console.error('No department exists yet; load reference data first or pass --department <id>.');
          return 2;
        }
        // The CLI runs on the server with operator rights: it acts as the system itself.
        const actor = {
          ...systemActor('sufu create-admin'),
          kind: 'system' as const,
          permissions: new Set(['accounts.manage', 'roles.assign']),
          grants: [
            { role: 'sysadmin', departmentId: null, regionCode: null },
            { role: 'secadmin', departmentId: null, regionCode: null },
          ],
        };
        const created = await modules.identity.accounts.create(
          actor,
          { username, displayName, password, roles: [{ role: 'sysadmin', departmentId }] },
          { ip: null, userAgent: 'cli', requestId: null },
        );
        await recordAudit(
          database.db,
          { actor, requestId: null },
          { action: 'account.admin_bootstrapped', resourceType: 'account', resourceId: created.id },
        );
        console.log(
          `created system administrator ${created.username} (${created.id}); a second factor is enrolled at first sign-in`,
        );
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'audit': {
      if (rest[0] !== 'export') {
        console.error('usage: sufu audit export [--from ISO] [--to ISO] [--format csv|jsonl] [--out FILE]');
        return 2;
      }
      const format = (arg('--format', rest) ?? 'csv') as 'csv' | 'jsonl';
      if (format !== 'csv' && format !== 'jsonl') {
        console.error('--format must be csv or jsonl');
        return 2;
      }
      const from = arg('--from', rest);
      const to = arg('--to', rest);
      const parse = (s: string | undefined, name: string) => {
        if (!s) return undefined;
        const d = new Date(s);
        if (Number.isNaN(d.getTime())) throw new Error(`${name} is not a date: ${s}`);
        return d;
      };
      const out = arg('--out', rest);
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const fd = out ? fs.openSync(out, 'w') : 1;
        const n = await exportAudit(
          database.db,
          { from: parse(from, '--from'), to: parse(to, '--to'), format },
          (chunk) => {
            fs.writeSync(fd, chunk);
          },
        );
        if (out) fs.closeSync(fd);
        await recordAudit(
          database.db,
          { actor: systemActor('sufu audit export'), requestId: null },
          {
            action: 'audit.exported',
            resourceType: 'audit_trail',
            details: { format, rows: n, channel: 'cli' },
          },
        );
        if (out) console.error(`wrote ${n} records to ${out}`);
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'demo-otp': {
      const names = rest[0] ? [rest[0]] : DEMO_STAFF.map((s) => s.username);
      for (const u of names) {
        const known = DEMO_STAFF.some((s) => s.username === u) || /^clerk\.\d{6}$/.test(u);
        if (!known) {
          console.error(`${u} is not a demo staff account`);
          return 2;
        }
        const secret = demoTotpSecret(u);
        console.log(`${u.padEnd(18)} ${totpCode(secret)}   (secret ${secret})`);
      }
      return 0;
    }
    default:
      console.error(`Unknown command "${command}".\n\n${HELP}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exit(code);
  },
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof DataDirLockedError) {
      console.error(err.message);
      process.exit(1);
    }
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
void ROOT_DIR;
