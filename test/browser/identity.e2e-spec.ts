import { Secret, TOTP } from 'otpauth';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../seeds/demo-hall.data';
import { consoleErrors, describeInBrowser, launchBrowser, screenshot } from '../support/browser';
import { TestApp } from '../support/test-app';
import { startTestServer } from '../support/test-server';

/**
 * A manager whose role must use TOTP (AUTH_TOTP_ROLES) enrols at first sign-in by scanning the QR
 * code (here: reading the key beside it), keeps the recovery codes, signs out from the header and
 * back in with a code of the app, and once with a recovery code. Codes are computed as the app would.
 */
describeInBrowser('web client: two-factor sign-in', () => {
  let server: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    server = await startTestServer({ env: { AUTH_TOTP_ROLES: 'manager,admin' } });
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    errors = consoleErrors(page);
  });
  afterEach(async () => {
    await context.close();
    expect(errors).toEqual([]);
  });

  const field = (label: string) => page.getByLabel(label, { exact: true });
  const code = (secret: string, at: number) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at });

  async function password(username: string) {
    await page.goto('/login');
    await field('用户名').fill(username);
    await field('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
  }

  it('enrols at first sign-in, signs out, and signs in with a code and with a recovery code', async () => {
    try {
      await password('manager');
      await page.getByText('您的角色须使用双因素认证登录').waitFor();
      await page.getByRole('img', { name: '动态口令绑定二维码' }).waitFor();
      const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      await screenshot(page, 'totp-enrol');

      const enrolledAt = Date.now();
      await field('6 位动态口令').fill(code(secret, enrolledAt));
      await page.getByRole('button', { name: /完成绑定/ }).click();
      const recovery = (await page.getByTestId('recovery-codes').textContent())!.split('\n').filter(Boolean);
      expect(recovery).toHaveLength(10);
      await screenshot(page, 'totp-recovery-codes');
      await page.getByRole('button', { name: /我已保存恢复码/ }).click();
      await page.waitForURL('**/backoffice');

      // Signing out ends the session on the server, not only in this tab.
      const token = (await page.evaluate("JSON.parse(localStorage.getItem('ow.session')).token")) as string;
      await page.getByRole('button', { name: '用户菜单' }).click();
      await page.getByRole('menuitem', { name: '退出登录' }).click();
      await page.waitForURL(/\/login(\?.*)?$/);
      await page.getByText('已退出登录').waitFor();
      await server.http.get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);

      // The code of the enrolment's time step was used: the next one.
      await password('manager');
      await page.getByText('请打开手机上的身份验证器应用').waitFor();
      await field('动态口令').fill(code(secret, enrolledAt));
      await page.getByRole('button', { name: /验\s*证/ }).click();
      await page.getByRole('alert').filter({ hasText: '动态口令或恢复码错误' }).waitFor();
      await screenshot(page, 'totp-code-refused');
      await field('动态口令').fill(code(secret, enrolledAt + 30_000));
      await page.getByRole('button', { name: /验\s*证/ }).click();
      await page.waitForURL('**/backoffice');

      await page.getByRole('button', { name: '用户菜单' }).click();
      await page.getByRole('menuitem', { name: '账号与安全' }).click();
      await page.getByText('剩余可用恢复码 10 个').waitFor();
      await page.getByRole('button', { name: '用户菜单' }).click();
      await page.getByRole('menuitem', { name: '退出登录' }).click();
      await page.waitForURL(/\/login(\?.*)?$/);

      await password('manager');
      await field('动态口令').fill(recovery[0]);
      await page.getByRole('button', { name: /验\s*证/ }).click();
      await page.waitForURL('**/backoffice');
      await page.goto('/account');
      await page.getByText('剩余可用恢复码 9 个').waitFor();
      await screenshot(page, 'account-page');
    } catch (err) {
      await screenshot(page, 'failed-totp-sign-in').catch(() => undefined);
      throw err;
    }
  }, 120_000);
});
