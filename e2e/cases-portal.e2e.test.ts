import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  browserSuiteEnabled,
  expectAccessible,
  launchBrowser,
  newPage as openPage,
  screenshot,
  startServer,
  type RunningServer,
} from './harness.ts';

// Browser journey of 一网通办 for a resident: apply online for 户口登记（出生登记）with the
// identity card and household register taken from e-certificates (免提交), upload the birth
// certificate, consent, submit, read the receipt, and find the case in 我的办件 — on a desktop
// and on a phone. Every new page is checked by axe-core.
const suite = browserSuiteEnabled();
if (!suite.enabled) console.warn(`[e2e] browser suite skipped: ${suite.reason}`);

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n');

describe.skipIf(!suite.enabled)('applying online in the portal', () => {
  let server: RunningServer;
  let browser: Browser;
  let resident: { context: BrowserContext; page: Page } | undefined;
  let caseNumber = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await resident?.context.close();
    await browser?.close();
    await server?.stop();
  });

  /** axe checks colours at rest: keep the pointer off buttons (a hovered primary button is lighter). */
  async function checkA11y(page: Page, what: string) {
    if (process.env.SUFU_E2E_TRACE) console.log(new Date().toISOString(), what);
    await page.mouse.move(0, 0);
    await expectAccessible(page, what);
  }

  async function signIn(page: Page) {
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill('13951000001');
    await page.getByTestId('login-password').fill('Sufu@2026!');
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15_000 });
  }

  it('applies for 户口登记（出生登记） with two materials exempted, and gets a receipt', async () => {
    resident = await openPage(browser);
    const { page } = resident;
    await signIn(page);
    await page.goto(`${server.url}/portal/apply?item=JS-GA-001`);

    // (a) 确认信息: prefilled data with its source, and the materials with what to do for each.
    await page.getByTestId('apply-exempted-banner').waitFor({ timeout: 20_000 });
    // The draft is in the URL, so a reload resumes it instead of starting another one.
    await page.waitForURL(/\/portal\/apply\?draft=[0-9a-f-]{36}/);
    expect(await page.getByTestId('apply-exempted-banner').innerText()).toContain('本次共免提交 2 份材料');
    const prefill = await page.getByTestId('apply-prefill').innerText();
    expect(prefill).toContain('张伟');
    expect(prefill).toContain('人口基础信息库');
    const materials = page.getByTestId('apply-materials-0');
    for (const [key, name] of [
      ['m1', '居民身份证'],
      ['m2', '居民户口簿'],
    ] as const) {
      const row = materials.getByTestId(`material-${key}`);
      expect(await row.getAttribute('data-status')).toBe('exempt_certificate');
      const text = await row.innerText();
      expect(text).toContain(name);
      expect(text).toContain('免提交·电子证照');
      expect(text).toMatch(/\*{8}1239/); // masked certificate number
    }
    expect(await materials.getByTestId('material-m0').innerText()).toContain('需上传');
    await checkA11y(page, 'apply: confirm');
    await screenshot(page, 'cases-apply-confirm');

    // (b) 填写申请表: prefilled fields are locked; the server's rules are checked in the browser.
    await page.getByTestId('apply-next').click();
    await page.locator('#apply_babyName').waitFor();
    expect(await page.getByTestId('apply-locked-applicantName').getAttribute('readonly')).not.toBeNull();
    await page.getByTestId('apply-next').click();
    await expect.poll(() => page.locator('.ant-form-item-explain-error').count()).toBeGreaterThan(0);
    expect(await page.locator('.ant-form-item-explain-error').first().innerText()).toContain('请填写');
    await page.locator('#apply_babyName').fill('张小宝');
    await page.locator('#apply_babyBirthDate').fill('2026-11-20');
    await page.locator('#apply_babyBirthDate').press('Enter');
    await page.locator('#apply_relationship').click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
        hasText: '父亲',
      })
      .click();
    await checkA11y(page, 'apply: form');
    await page.getByTestId('apply-next').click();

    // (c) 上传材料: the birth certificate (出生医学证明), with its size and SM3 checksum shown.
    const upload = page.getByTestId('upload-m0');
    await upload.waitFor();
    expect(await upload.innerText()).toContain('出生医学证明');
    await upload
      .locator('input[type=file]')
      .setInputFiles({ name: '出生医学证明.pdf', mimeType: 'application/pdf', buffer: PDF });
    const file = upload.locator('[data-testid^="file-"]');
    await file.waitFor({ timeout: 15_000 });
    expect(await file.innerText()).toMatch(/SM3 [0-9a-f]{8}…[0-9a-f]{8}/);
    await checkA11y(page, 'apply: upload');
    await screenshot(page, 'cases-apply-upload');
    await page.getByTestId('apply-next').click();

    // (d) 确认提交: what is shared, from where, for what; no submission without consent.
    await page.getByTestId('apply-consent').waitFor();
    expect(await page.getByTestId('consent-certificates').innerText()).toContain('居民户口簿');
    await page.getByTestId('apply-submit').click();
    await page.locator('#consent-error').waitFor();
    await page.getByTestId('apply-consent').click();
    await checkA11y(page, 'apply: review');
    await screenshot(page, 'cases-apply-review');
    await page.getByTestId('apply-submit').click();

    await page.getByTestId('apply-receipt').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('receipt-exempted').innerText()).toContain('本次共免提交 2 份材料');
    caseNumber = ((await page.getByTestId('receipt-number').innerText()).match(/\d{15,}/) ?? [''])[0];
    expect(caseNumber).toMatch(/^\d{8}320102\d{7}$/);
    expect(await page.getByTestId('receipt-status').innerText()).toContain('已提交');
    await checkA11y(page, 'apply: receipt');
    await screenshot(page, 'cases-apply-receipt');
  });

  it('finds the case in 我的办件 as 已提交，待受理, and opens its history', async () => {
    const { page } = resident!;
    await page.getByTestId('receipt-my-cases').click();
    await page.waitForURL(/\/portal\/cases$/);
    const status = page.getByTestId(`case-status-${caseNumber}`);
    await status.waitFor({ timeout: 15_000 });
    expect(await status.innerText()).toMatch(/已提交.*待受理/);
    expect(await status.getAttribute('data-status')).toBe('submitted');
    await checkA11y(page, 'my cases');
    await screenshot(page, 'cases-my-cases');

    await page
      .getByTestId(`case-row-${caseNumber}`)
      .getByRole('link', { name: '户口登记（出生登记）', exact: true })
      .click();
    await page.getByTestId('case-timeline').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('case-timeline').innerText()).toContain('提交');
    expect(await page.getByTestId('case-materials').innerText()).toContain('出生医学证明.pdf');
    await checkA11y(page, 'case detail');

    // The submission notice is in 我的消息, and the bell counts it.
    await expect
      .poll(() => page.getByTestId('header-notifications').getAttribute('data-unread'), { timeout: 10_000 })
      .not.toBe('0');
    await page.getByTestId('header-notifications').click();
    await page.getByTestId('notifications-list').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('notifications-list').innerText()).toContain(caseNumber);
    await checkA11y(page, 'notifications');
    await page.getByTestId('notifications-read-all').click();
    await expect
      .poll(() => page.getByTestId('header-notifications').getAttribute('data-unread'), { timeout: 10_000 })
      .toBe('0');
  });

  it('shows 我的办件 as cards on a phone', async () => {
    const phone = await openPage(browser, { width: 375, height: 812 });
    try {
      await signIn(phone.page);
      await phone.page.goto(`${server.url}/portal/cases`);
      const card = phone.page.getByTestId(`case-card-${caseNumber}`);
      await card.waitFor({ timeout: 15_000 });
      expect(await card.innerText()).toContain('已提交，待受理');
      const overflow = await phone.page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await checkA11y(phone.page, 'my cases (phone)');
      await screenshot(phone.page, 'cases-my-cases-phone');
    } finally {
      await phone.context.close();
    }
  });
});
