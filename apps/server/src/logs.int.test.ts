import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestPlatform, TestClient, type TestPlatform } from '@sufu/testing';

// Every log line the server writes while residents sign in, read their profile and make
// mistakes is captured; none may contain an ID number, a mobile number, a name or a password.
let p: TestPlatform;
const lines: string[] = [];
beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  p = await createTestPlatform({ logDestination: sink });
});
afterAll(async () => {
  await p?.dispose();
});

it('writes request logs without personal data', async () => {
  const c = new TestClient(p);
  await c.login('320102199003071239');
  await c.get('/api/v1/me/profile');
  await c.get('/api/v1/me/data-access');
  await c.post('/api/v1/session/login', { username: '320583198511110025', password: 'Wrong#pass1' });
  await c.get('/api/v1/departments?q=320102199003071239');
  await c.get('/api/v1/no/such/320583198511110025/route?mobile=13951000002');
  await c.post('/api/v1/me/password', { currentPassword: 'Sufu@2026!', newPassword: 'weak' });
  const text = lines.join('');
  expect(lines.length).toBeGreaterThan(5);
  expect(text).toContain('"path":"/api/v1/me/profile"');
  for (const secret of [
    '320102199003071239',
    '320583198511110025',
    '13951000001',
    '13951000002',
    '张伟',
    '李娜',
    'Sufu@2026!',
    'Wrong#pass1',
  ]) {
    expect(text, `log contains ${secret}`).not.toContain(secret);
  }
});
