import fs from 'node:fs';
import path from 'node:path';

/**
 * Text messages (one-time codes, case notices) leave the platform through one pluggable
 * sender: `file` appends JSON lines to `<data dir>/sms-outbox.jsonl` for development and
 * tests, `console` prints them for a developer at the terminal, `http` posts them to an
 * SMS gateway. The platform's own logs never carry the number or the text.
 */
export type SmsMessage = { to: string; text: string; template: string; params: Record<string, string> };

export type SmsSender = { kind: 'console' | 'file' | 'http'; send(message: SmsMessage): Promise<void> };

export function createSmsSender(opts: {
  kind: 'console' | 'file' | 'http';
  dataDir: string;
  httpUrl?: string | undefined;
  fetchImpl?: typeof fetch;
}): SmsSender {
  if (opts.kind === 'file') {
    const file = path.join(opts.dataDir, 'sms-outbox.jsonl');
    return {
      kind: 'file',
      async send(m) {
        await fs.promises.mkdir(opts.dataDir, { recursive: true });
        await fs.promises.appendFile(file, `${JSON.stringify({ at: new Date().toISOString(), ...m })}\n`, {
          mode: 0o600,
        });
      },
    };
  }
  if (opts.kind === 'console') {
    return {
      kind: 'console',
      async send(m) {
        process.stdout.write(`[短信 SMS → ${m.to}] ${m.text}\n`);
      },
    };
  }
  const url = opts.httpUrl;
  if (!url) throw new Error('SUFU_SMS_HTTP_URL is required for the http sender');
  const doFetch = opts.fetchImpl ?? fetch;
  return {
    kind: 'http',
    async send(m) {
      const res = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ to: m.to, template: m.template, params: m.params, text: m.text }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
    },
  };
}

/** Reads the file sender's outbox (development and tests): the last code sent to a number. */
export function lastSmsTo(dataDir: string, to: string): SmsMessage | undefined {
  const file = path.join(dataDir, 'sms-outbox.jsonl');
  if (!fs.existsSync(file)) return undefined;
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').reverse();
  for (const l of lines) {
    const m = JSON.parse(l) as SmsMessage;
    if (m.to === to) return m;
  }
  return undefined;
}
