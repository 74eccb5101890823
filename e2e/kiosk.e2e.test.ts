import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { lastSmsTo } from '@sufu/kernel';
import {
  browserSuiteEnabled,
  launchBrowser,
  screenshot,
  startServer,
  type RunningServer,
  newPage as openPage,
  expectAccessible,
} from './harness.ts';

// The self-service kiosk (自助终端) at /kiosk on a portrait hall screen: a visitor searches
// the service guide, a resident signs in with ID number + SMS code typed on the on-screen
// pad and sees 我的办件; after inactivity the kiosk asks "您还在吗？", then signs out and
// clears what was entered. `?idle=5` shortens the 120 s idle time for the test.
const suite = browserSuiteEnabled();
if (!suite.enabled) console.warn(`[e2e] browser suite skipped: ${suite.reason}`);

const PORTRAIT = { width: 1080, height: 1920 };
const ZHANG_WEI = { idNumber: '320102199003071239', mobile: '13951000001' };
const LI_NA = { idNumber: '320583198511110025', mobile: '13951000002' };

describe.skipIf(!suite.enabled)('self-service kiosk in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
  });

  async function newPage(viewport = PORTRAIT): Promise<Page> {
    const { context, page } = await openPage(browser, viewport);
    contexts.push(context);
    return page;
  }

  /** The code sent after `after` (ISO time), read from the file SMS sender's outbox. */
  async function smsCode(to: string, after: string): Promise<string> {
    let code: string | undefined;
    await expect
      .poll(
        () => {
          const m = lastSmsTo(server.dataDir, to) as { at?: string; params: { code?: string } } | undefined;
          code = m && (m.at ?? '') > after ? m.params.code : undefined;
          return code;
        },
        { timeout: 15_000 },
      )
      .toMatch(/^\d{6}$/);
    return code!;
  }

  /** Signs in on the kiosk with ID number + SMS code, typing on the on-screen number pad. */
  async function signInWithIdNumber(page: Page, who: { idNumber: string; mobile: string }) {
    await page.getByTestId('kiosk-signin-id').click();
    await page.getByTestId('kiosk-id-number').waitFor();
    for (const ch of who.idNumber) await page.getByTestId(`kiosk-key-${ch}`).click();
    await expect.poll(() => page.getByTestId('kiosk-id-number').inputValue()).toBe(who.idNumber);
    const before = new Date().toISOString();
    await page.getByTestId('kiosk-send-code').click();
    await page.getByTestId('kiosk-code-sent').waitFor();
    const code = await smsCode(who.mobile, before);
    for (const ch of code) await page.getByTestId(`kiosk-key-${ch}`).click();
    await page.getByTestId('kiosk-id-submit').click();
  }

  it('searches the service guide for 出生 and finds 新生儿出生一件事', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/kiosk`);
    await page.getByTestId('kiosk-tile-guide').waitFor();
    await expectAccessible(page, 'kiosk home');
    // Large type and large touch targets.
    const fontSize = await page.evaluate(() =>
      parseFloat(getComputedStyle(document.querySelector('.kiosk')!).fontSize),
    );
    expect(fontSize).toBeGreaterThanOrEqual(20);
    const signIn = await page.getByTestId('kiosk-home-signin').boundingBox();
    expect(signIn?.height).toBeGreaterThanOrEqual(64);
    await screenshot(page, 'kiosk-home-portrait');

    await page.getByTestId('kiosk-tile-guide').click();
    await page.getByTestId('kiosk-search-input').fill('出生');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('kiosk-result-event').allInnerTexts(), { timeout: 15_000 })
      .toContain('新生儿出生一件事');
    const submit = await page.getByTestId('kiosk-search-submit').boundingBox();
    expect(submit?.height).toBeGreaterThanOrEqual(64);
    await expectAccessible(page, 'kiosk search results');
    await screenshot(page, 'kiosk-search');

    await page.getByTestId('kiosk-result-event').first().click();
    await expect.poll(() => page.getByTestId('kiosk-event-title').innerText()).toBe('新生儿出生一件事');
    await expectAccessible(page, 'kiosk life event');
  });

  it('signs a resident in with ID number and SMS code and shows 我的办件', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/kiosk`);
    await page.getByTestId('kiosk-tile-cases').click();
    // 我的办件 needs a sign-in: the two big choices come first.
    await page.getByTestId('kiosk-signin-scan').waitFor();
    await expectAccessible(page, 'kiosk sign-in choices');
    await signInWithIdNumber(page, ZHANG_WEI);
    await expect.poll(() => page.getByTestId('kiosk-cases-title').innerText()).toBe('我的办件');
    await expect.poll(() => page.getByTestId('kiosk-user').innerText()).toContain('张*');
    await expectAccessible(page, 'kiosk my applications');
    await screenshot(page, 'kiosk-cases');

    // The server session is a kiosk session: 3 minutes idle.
    const session = await page.evaluate(async () => (await fetch('/api/v1/session')).json());
    expect(session.authenticated).toBe(true);
    expect(session.idleTimeoutSeconds).toBe(180);

    // English on request; signing out returns to the home screen in Chinese.
    await page.getByTestId('kiosk-language').click();
    await expect.poll(() => page.getByTestId('kiosk-cases-title').innerText()).toBe('My applications');
    await page.getByTestId('kiosk-signout').click();
    await expect.poll(() => page.getByTestId('kiosk-notice').innerText()).toContain('您已退出登录');
    const after = await page.evaluate(async () => (await fetch('/api/v1/session')).json());
    expect(after.authenticated).toBe(false);
  });

  it('asks 您还在吗？ after inactivity, then signs out and clears what was entered', async () => {
    const page = await newPage({ width: 1920, height: 1080 });
    await page.goto(`${server.url}/kiosk?idle=5`);
    // Typed but not searched: cleared at the end of the visit.
    await page.getByTestId('kiosk-tile-guide').click();
    await page.getByTestId('kiosk-search-input').fill('户口');
    await page.getByTestId('kiosk-idle-dialog').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('kiosk-idle-dialog').innerText()).toMatch(/\d+ 秒后将自动退出/);
    await expectAccessible(page, 'kiosk idle dialog');
    await screenshot(page, 'kiosk-idle-dialog');
    await expect
      .poll(() => page.getByTestId('kiosk-notice').innerText(), { timeout: 15_000 })
      .toContain('已自动退出');
    await page.getByTestId('kiosk-tile-guide').click();
    await expect.poll(() => page.getByTestId('kiosk-search-input').inputValue()).toBe('');

    // Signed in: "continue" keeps the visit; then silence signs the resident out.
    await page.getByTestId('kiosk-home').click();
    await page.getByTestId('kiosk-home-signin').click();
    await signInWithIdNumber(page, LI_NA);
    await expect.poll(() => page.getByTestId('kiosk-user').innerText()).toContain('李*');
    await page.getByTestId('kiosk-idle-stay').click({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('kiosk-user').isVisible()).toBe(true);
    await expect
      .poll(() => page.getByTestId('kiosk-notice').innerText(), { timeout: 20_000 })
      .toContain('已自动退出');
    await expect.poll(() => page.getByTestId('kiosk-user').count()).toBe(0);
    const session = await page.evaluate(async () => (await fetch('/api/v1/session')).json());
    expect(session.authenticated).toBe(false);
    await screenshot(page, 'kiosk-timed-out-landscape');
  });
});
