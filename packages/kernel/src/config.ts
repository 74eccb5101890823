import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting the platform reads from its environment, parsed once at boot.
 * A bad value stops the process with a list of every problem (not just the first),
 * so an operator fixes a deployment in one round.
 */
const booleanish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  SUFU_DATA_DIR: z.string().min(1).default('./.sufu'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  SUFU_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SUFU_SEED_DEMO: booleanish.default(true),
  SUFU_WORKER: z.enum(['inline', 'off']).default('inline'),
  SUFU_PUBLIC_URL: z.string().url().optional(),
  SUFU_COOKIE_SECURE: booleanish.default(true),
  SUFU_TRUST_PROXY: booleanish.default(false),
  SUFU_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  SUFU_LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  SUFU_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  SUFU_SMS_SENDER: z.enum(['console', 'file', 'http']).default('file'),
  SUFU_SMS_HTTP_URL: z.string().url().optional(),
  SUFU_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes)')
    .optional(),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolMax: number;
  logLevel: z.infer<typeof configSchema>['SUFU_LOG_LEVEL'];
  seedDemo: boolean;
  worker: 'inline' | 'off';
  publicUrl: string;
  cookieSecure: boolean;
  trustProxy: boolean;
  rateLimitPerMinute: number;
  loginRateLimitPerMinute: number;
  bodyLimitBytes: number;
  secretKeyHex: string | undefined;
  smsSender: 'console' | 'file' | 'http';
  smsHttpUrl: string | undefined;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError listing every invalid variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (i) =>
          `${i.path.join('.') || '(root)'}: ${i.message} (got ${JSON.stringify(cleaned[String(i.path[0])])})`,
      ),
    );
  }
  const c = parsed.data;
  if (c.SUFU_SMS_SENDER === 'http' && !c.SUFU_SMS_HTTP_URL) {
    throw new ConfigError(['SUFU_SMS_HTTP_URL: required when SUFU_SMS_SENDER=http']);
  }
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: path.resolve(c.SUFU_DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    databasePoolMax: c.DATABASE_POOL_MAX,
    logLevel: c.SUFU_LOG_LEVEL,
    seedDemo: c.SUFU_SEED_DEMO,
    worker: c.SUFU_WORKER,
    publicUrl: c.SUFU_PUBLIC_URL ?? `http://localhost:${c.PORT}`,
    cookieSecure: c.SUFU_COOKIE_SECURE,
    trustProxy: c.SUFU_TRUST_PROXY,
    rateLimitPerMinute: c.SUFU_RATE_LIMIT_PER_MINUTE,
    loginRateLimitPerMinute: c.SUFU_LOGIN_RATE_LIMIT_PER_MINUTE,
    bodyLimitBytes: c.SUFU_BODY_LIMIT_BYTES,
    secretKeyHex: c.SUFU_SECRET_KEY,
    smsSender: c.SUFU_SMS_SENDER,
    smsHttpUrl: c.SUFU_SMS_HTTP_URL,
  };
}
