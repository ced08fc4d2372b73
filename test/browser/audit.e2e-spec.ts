import { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../seeds/demo-hall.data';
import { consoleErrors, describeInBrowser, launchBrowser, openedDialog, screenshot, itWithPictures } from '../support/browser';
import { auth } from '../support/queue-helpers';
import { TestApp } from '../support/test-app';
import { startTestServer } from '../support/test-server';

describeInBrowser('web client: 三员分立 and the audit page', () => {
  let server: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({ baseURL: server.url, viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    errors = consoleErrors(page);
  });
  afterEach(async () => {
    await context.close();
    expect(errors).toEqual([]);
  });

  const test = (name: string, fn: () => Promise<void>) => itWithPictures(name, () => [page], fn);

  async function signIn(username: string, landing: string) {
    await page.goto('/login');
    await page.getByLabel('用户名', { exact: true }).fill(username);
    await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL(`**${landing}`);
  }

  test('a security administrator keeps the accounts but cannot grant themself a role', async () => {
    await signIn('security', '/accounts');
    const menu = page.getByRole('menu', { name: '主菜单' });
    await menu.getByRole('link', { name: '账号管理' }).waitFor();
    expect(await menu.getByRole('link', { name: '系统管理' }).count()).toBe(0);

    // Their own row offers nothing to change; another account does.
    const own = page.getByRole('row').filter({ hasText: '安全管理员' }).filter({ hasText: 'security' });
    await own.getByText('本人账号，不能在此修改').waitFor();
    expect(await own.getByRole('button', { name: /编\s*辑/ }).count()).toBe(0);
    const clerk = page.getByRole('row').filter({ hasText: 'clerk1' });
    await clerk.getByRole('button', { name: /编\s*辑/ }).waitFor();

    // A new account may take any role but the security administrator's.
    await page.getByRole('button', { name: '新增人员' }).click();
    const dialog = await openedDialog(page, '新增人员');
    await dialog.getByRole('combobox', { name: /角色/ }).click({ force: true });
    const options = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
    await options.first().waitFor();
    const roles = await options.allTextContents();
    expect(roles).toEqual(expect.arrayContaining(['前台受理员', '系统管理员', '安全审计员']));
    expect(roles).not.toContain('安全管理员');
    await screenshot(page, 'security-admin-accounts');
    await page.keyboard.press('Escape');
    await dialog.getByRole('button', { name: /取\s*消/ }).click();

    // Sent by hand with the browser's own session, as someone at the developer tools would: refused, and on the trail.
    const [{ id }] = await server.dataSource.query(`select id from users where username = 'security'`);
    const token = await page.evaluate<string>("JSON.parse(localStorage.getItem('ow.session')).token");
    const attempt = await server.http.patch(`/api/users/${id}`).set(auth(token)).send({ role: 'admin' }).expect(403);
    expect(attempt.body).toMatchObject({ code: 'ACCOUNT_SELF_CHANGE' });
    await page.reload();
    await own.getByText('安全管理员').first().waitFor();
    await own.scrollIntoViewIfNeeded();
    await screenshot(page, 'security-admin-own-account');
    expect((await server.dataSource.query('select role from users where id = $1', [id]))[0].role).toBe('security_admin');
    const trail = await server.http
      .get('/api/audit')
      .query({ action: 'account.update', result: 'denied', targetId: id })
      .set(auth(await server.login('auditor')))
      .expect(200);
    expect(trail.body.items[0]).toMatchObject({ actorUsername: 'security', detail: { code: 'ACCOUNT_SELF_CHANGE' } });
  });

  test('the audit administrator filters the trail, verifies its chain, and sees where it breaks after tampering', async () => {
    const [{ id: securityId }] = await server.dataSource.query(`select id from users where username = 'security'`);
    await server.http
      .patch(`/api/users/${securityId}`)
      .set(auth(await server.login('security')))
      .send({ role: 'admin' })
      .expect(403);
    await signIn('auditor', '/audit');
    const menu = page.getByRole('menu', { name: '主菜单' });
    await menu.getByRole('link', { name: '安全审计' }).waitFor();
    expect(await menu.getByRole('menuitem').count()).toBe(1);
    await page.getByRole('heading', { name: '安全审计日志' }).waitFor();
    await page.getByRole('cell', { name: 'auth.login' }).first().waitFor();

    // Filter: the security administrator's refused attempts.
    await page.getByPlaceholder('用户名').fill('security');
    await page.getByRole('combobox', { name: '结果' }).click({ force: true });
    await page.locator('.ant-select-item-option').filter({ hasText: '拒绝' }).click();
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.getByText('ACCOUNT_SELF_CHANGE').first().waitFor();
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    for (const text of await rows.allTextContents()) expect(text).toMatch(/security.*拒绝/);
    await screenshot(page, 'audit-filtered');
    await page.reload();
    await page.getByRole('cell', { name: 'auth.login' }).first().waitFor();

    await page.getByRole('button', { name: '校验哈希链' }).click();
    const verdict = page.getByTestId('chain-verification');
    await verdict.getByText(/哈希链完整：\d+ 条记录全部通过 SM3 校验/).waitFor();
    await screenshot(page, 'audit-chain-intact');

    // A superuser edits a record behind the trigger's back: the newest sign-in, on the first page.
    const [victim] = await server.dataSource.query(
      `select id::int as id from audit_log where action = 'auth.login' order by id desc limit 1`,
    );
    await server.dataSource.transaction(async (em) => {
      await em.query('alter table audit_log disable trigger tg_audit_log_append_only');
      await em.query(`update audit_log set client_address = '203.0.113.66' where id = $1`, [victim.id]);
      await em.query('alter table audit_log enable trigger tg_audit_log_append_only');
    });
    await page.getByRole('button', { name: '校验哈希链' }).click();
    await verdict.getByText(`哈希链断裂：第 ${victim.id} 条记录校验失败（记录内容与其哈希不符）`).waitFor();
    await verdict.getByText(`此前 ${victim.id - 1} 条记录校验通过`).waitFor();
    await page.locator('tr.audit-broken-row').filter({ hasText: '203.0.113.66' }).waitFor();
    await screenshot(page, 'audit-chain-broken');

    // The audit administrator reads nothing else: another page is refused.
    await page.goto('/admin/catalogue');
    await page.getByText('您的角色无权使用此页面').waitFor();
  });
});
