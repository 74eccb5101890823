import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createRng, generateIdNumber } from '@sufu/china-ids';
import { demoTotpSecret, totpCode } from '@sufu/identity';
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

// Browser journeys of identity and the 苏服码: a new resident registers with an SMS code, shows
// their code; a clerk scans it at the counter (and is refused the second time); the resident
// then sees the scan in their history. Every new page visited is checked by axe-core.
const suite = browserSuiteEnabled();
if (!suite.enabled) console.warn(`[e2e] browser suite skipped: ${suite.reason}`);

describe.skipIf(!suite.enabled)('identity and service code in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let resident: { context: BrowserContext; page: Page } | undefined;
  let clerk: { context: BrowserContext; page: Page } | undefined;
  // Not in the population library: registration gives L1.
  const idNumber = generateIdNumber(createRng('e2e'), { regionCode: '320104' });
  const mobile = '13951009876';
  const name = '陈思远';
  const password = 'Qinhuai#2026river';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await resident?.context.close();
    await clerk?.context.close();
    await browser?.close();
    await server?.stop();
  });

  const newPage = (viewport?: { width: number; height: number }) => openPage(browser, viewport);

  async function smsCode(to: string): Promise<string> {
    let code: string | undefined;
    await expect
      .poll(
        () => {
          const m = lastSmsTo(server.dataDir, to);
          code = m?.params.code ?? m?.text.match(/\d{6}/)?.[0];
          return code;
        },
        { timeout: 15_000 },
      )
      .toMatch(/^\d{6}$/);
    return code!;
  }

  it('registers a new resident with an SMS code and signs them in at L1', async () => {
    resident = await newPage();
    const { page } = resident;
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-register').click();
    await page.getByTestId('register-name').waitFor();
    await expectAccessible(page, 'register');
    await page.getByTestId('register-name').fill(name);
    await page.getByTestId('register-id-number').fill(idNumber);
    await page.getByTestId('register-mobile').fill(mobile);
    await page.getByTestId('register-send-code').click();
    // The button counts down before another code may be asked for.
    await expect.poll(() => page.getByTestId('register-send-code').innerText()).toMatch(/\d+ 秒后重新获取/);
    await page.getByTestId('register-code').fill(await smsCode(mobile));
    await page.getByTestId('register-password').fill(password);
    await page.getByTestId('register-confirm').fill(password);
    await screenshot(page, 'register-form');
    await page.getByTestId('register-submit').click();
    await expect
      .poll(() => page.getByTestId('register-level').innerText(), { timeout: 15_000 })
      .toContain('L1');
    await expectAccessible(page, 'register done');
    await screenshot(page, 'register-done');
    await page.getByTestId('register-continue').click();
    await page.waitForURL(/\/portal/);
    await expect.poll(() => page.getByTestId('user-menu').getAttribute('aria-label')).toContain(name);
  });

  let code = '';

  it('shows the resident their 苏服码 with a running countdown', async () => {
    const { page } = resident!;
    await page.goto(`${server.url}/portal/code`);
    const qr = page.getByTestId('service-code-qr');
    await qr.waitFor({ timeout: 15_000 });
    expect(await qr.getAttribute('alt')).toBe('苏服码二维码');
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    code = ((await page.getByTestId('service-code-text').textContent()) ?? '').trim();
    expect(code.startsWith('SFM1:')).toBe(true);
    const seconds = async () =>
      Number(await page.getByTestId('service-code-countdown').getAttribute('data-seconds'));
    const first = await seconds();
    expect(first).toBeGreaterThan(0);
    await expect.poll(seconds, { timeout: 5_000 }).toBeLessThan(first);
    expect(await page.getByTestId('service-code-countdown').innerText()).toMatch(/秒后自动刷新/);
    await expectAccessible(page, 'service code');
    await screenshot(page, 'portal-service-code');
    // The code shown is the one the clerk will scan: stop the page from refreshing it meanwhile.
    await page.goto(`${server.url}/portal/cards`);
    await page.getByTestId('cards-table').waitFor();
    await expectAccessible(page, 'linked cards');
    await screenshot(page, 'portal-cards');
  });

  it('lets a clerk scan the code at the counter once, and refuses the replay', async () => {
    clerk = await newPage();
    const { page } = clerk;
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill('clerk.xuanwu');
    await page.getByTestId('login-password').fill('Sufu@2026!');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('totp-code').fill(totpCode(demoTotpSecret('clerk.xuanwu')));
    await page.getByTestId('totp-submit').click();
    await page.getByTestId('user-menu').waitFor();
    await page.goto(`${server.url}/workbench/scan`);
    await page.getByTestId('scan-input').waitFor({ timeout: 15_000 });
    await expectAccessible(page, 'scan');
    await page.getByTestId('scan-input').fill(code);
    await page.getByTestId('scan-submit').click();
    await expect.poll(() => page.getByTestId('scan-result').innerText(), { timeout: 15_000 }).toContain(name);
    const accepted = await page.getByTestId('scan-result').innerText();
    expect(accepted).toContain(idNumber);
    expect(accepted).toContain('已使用');
    // The submit button animates out of its loading state; judge contrast once it has.
    await expect
      .poll(() => page.locator('[data-testid="scan-submit"] .ant-btn-icon').count(), { timeout: 5_000 })
      .toBe(0);
    await expectAccessible(page, 'scan accepted');
    await screenshot(page, 'workbench-scan-accepted');

    // The same code again: used up at the counter, so refused.
    await page.getByTestId('scan-input').fill(code);
    await page.getByTestId('scan-input').press('Enter');
    await expect
      .poll(() => page.getByTestId('scan-error').getAttribute('data-code'), { timeout: 15_000 })
      .toBe('service_code.replayed');
    expect(await page.getByTestId('scan-result').innerText()).not.toContain(idNumber);
    await screenshot(page, 'workbench-scan-replayed');

    await page.goto(`${server.url}/workbench/verification`);
    await page.getByTestId('verification-queue').waitFor({ timeout: 15_000 });
    await expectAccessible(page, 'verification queue');
    await screenshot(page, 'workbench-verification');
  });

  it('lists the scans in the resident’s 扫码记录', async () => {
    const { page } = resident!;
    await page.goto(`${server.url}/portal/scans`);
    const table = page.getByTestId('scans-table');
    await expect.poll(() => table.innerText(), { timeout: 15_000 }).toContain('核验通过');
    const text = await table.innerText();
    expect(text).toContain('受理办件');
    expect(text).toContain('已使用的码');
    await expectAccessible(page, 'scans');
    await screenshot(page, 'portal-scans');

    await page.goto(`${server.url}/portal/security`);
    await page.getByTestId('verification-card').waitFor({ timeout: 15_000 });
    await expectAccessible(page, 'security with verification');
    await screenshot(page, 'portal-security');
  });

  it('shows the organisation pages to its legal representative, also on a phone', async () => {
    const { context, page } = await newPage({ width: 375, height: 780 });
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill('13951000001');
    await page.getByTestId('login-password').fill('Sufu@2026!');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-menu').waitFor();
    await page.goto(`${server.url}/portal/organisations`);
    await expect
      .poll(() => page.getByTestId('organisations-table').innerText(), { timeout: 15_000 })
      .toContain('南京紫金云数科技有限公司');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(1);
    await expectAccessible(page, 'organisations');
    await screenshot(page, 'portal-organisations-phone');
    await context.close();
  });

  it('shows the console pages for SSO clients and scanners', async () => {
    const { context, page } = await newPage();
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('Sufu@2026!');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('totp-code').fill(totpCode(demoTotpSecret('admin')));
    await page.getByTestId('totp-submit').click();
    await page.getByTestId('user-menu').waitFor();
    for (const [path, testid, shot] of [
      ['/console/sso-clients', 'sso-clients-table', 'console-sso-clients'],
      ['/console/scanners', 'scanners-table', 'console-scanners'],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      await page.locator('main').getByRole('heading', { level: 1 }).waitFor({ timeout: 15_000 });
      // Pages the account may not open answer with a 403 result instead; both must be accessible.
      await page.getByTestId(testid).or(page.getByTestId('page-403')).first().waitFor({ timeout: 15_000 });
      await page.waitForLoadState('networkidle');
      await expectAccessible(page, path);
      await screenshot(page, shot);
    }
    await context.close();
  });
});
