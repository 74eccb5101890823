import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { demoTotpSecret, totpCode } from '@sufu/identity';
import {
  browserSuiteEnabled,
  launchBrowser,
  screenshot,
  startServer,
  type RunningServer,
  newPage as openPage,
  expectAccessible,
} from './harness.ts';

// Browser journeys of the foundation: a resident signs in and reaches the portal, a clerk
// signs in with a TOTP code and reaches the workbench, an auditor reads the audit trail —
// in zh-CN by default and in English, on a desktop and a phone screen, checked by axe-core.
const suite = browserSuiteEnabled();
if (!suite.enabled) console.warn(`[e2e] browser suite skipped: ${suite.reason}`);

describe.skipIf(!suite.enabled)('foundation in the browser', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const newPage = (viewport?: { width: number; height: number }) => openPage(browser, viewport);

  async function signIn(page: Page, username: string, password = 'Sufu@2026!') {
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
  }

  it('shows the home page in Chinese with the five areas, and it passes axe', async () => {
    const { context, page } = await newPage();
    await page.goto(server.url);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
    for (const area of ['portal', 'workbench', 'console', 'data', 'ops'])
      await page.getByTestId(`area-card-${area}`).first().waitFor();
    await expect.poll(() => page.locator('body').innerText()).toContain('苏服办');
    await expect.poll(() => page.locator('body').innerText()).toContain('一网统管');
    await expectAccessible(page, 'home');
    await screenshot(page, 'home-zh');
    // Keyboard users reach the skip link first.
    await page.keyboard.press('Tab');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('skip-link');
    await context.close();
  });

  it('signs a resident in and shows their masked profile in the portal, in Chinese and in English', async () => {
    const { context, page } = await newPage();
    await signIn(page, '13951000001');
    await page.getByTestId('user-menu').waitFor();
    await page.goto(`${server.url}/portal`);
    await expect
      .poll(() => page.locator('main').innerText(), { timeout: 15_000 })
      .toContain('320102********1239');
    const text = await page.locator('main').innerText();
    expect(text).toContain('张伟');
    expect(text).not.toContain('320102199003071239');
    await expectAccessible(page, 'portal profile');
    await screenshot(page, 'portal-profile-zh');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await expect.poll(() => page.locator('body').innerText()).toMatch(/Profile|Account/);
    await screenshot(page, 'portal-profile-en');
    await context.close();
  });

  it('works on a phone screen', async () => {
    const { context, page } = await newPage({ width: 375, height: 780 });
    await signIn(page, '13951000002');
    await page.getByTestId('user-menu').waitFor();
    await page.goto(`${server.url}/portal`);
    await expect.poll(() => page.locator('main').innerText(), { timeout: 15_000 }).toContain('李娜');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(1);
    await expectAccessible(page, 'portal on a phone');
    await screenshot(page, 'portal-phone');
    await context.close();
  });

  it('asks a clerk for the TOTP code and opens the workbench', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'clerk.xuanwu');
    await page.getByTestId('totp-code').fill(totpCode(demoTotpSecret('clerk.xuanwu')));
    await page.getByTestId('totp-submit').click();
    await page.getByTestId('user-menu').waitFor();
    await page.goto(`${server.url}/workbench`);
    await expect.poll(() => page.locator('main').innerText(), { timeout: 15_000 }).toContain('玄武区');
    await expectAccessible(page, 'workbench');
    await screenshot(page, 'workbench-scope');
    // The resident areas are closed to the clerk.
    await page.goto(`${server.url}/console`);
    await expect.poll(() => page.locator('main').innerText()).toMatch(/无权|403/);
    await context.close();
  });

  it('lets the auditor read the audit trail in the console', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'auditor');
    await page.getByTestId('totp-code').fill(totpCode(demoTotpSecret('auditor')));
    await page.getByTestId('totp-submit').click();
    await page.getByTestId('user-menu').waitFor();
    await page.goto(`${server.url}/console/audit`);
    await expect.poll(() => page.locator('main').innerText(), { timeout: 15_000 }).toContain('auth.login');
    await expectAccessible(page, 'console audit');
    await screenshot(page, 'console-audit');
    await context.close();
  });
});
