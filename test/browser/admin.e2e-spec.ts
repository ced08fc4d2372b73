import { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../seeds/demo-hall.data';
import { consoleErrors, describeInBrowser, launchBrowser, openedDialog, screenshot, waitForText, itWithPictures } from '../support/browser';
import { TestApp } from '../support/test-app';
import { startTestServer } from '../support/test-server';

describeInBrowser('web client: sign-in, roles, language and the admin pages', () => {
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

  /** `it`, plus a screenshot of the page as it was when the test failed. */
  const test = (name: string, fn: () => Promise<void>) => itWithPictures(name, () => [page], fn);

  const field = (label: string) => page.getByLabel(label, { exact: true });

  async function signIn(username: string, landing: string) {
    await page.goto('/login');
    await field('用户名').fill(username);
    await field('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL(`**${landing}`);
  }

  /** The error text antd shows under the form item that holds `label`. */
  const fieldError = (label: string) =>
    page
      .locator('.ant-form-item')
      .filter({ has: field(label) })
      .locator('.ant-form-item-explain-error');

  /**
   * Picks an option in the searchable antd select labelled `label` (a required field's name starts
   * with antd's "* ") the way a clerk at the keyboard does: type, then Enter. Clicking options races
   * the dropdown's opening animation on a busy machine.
   */
  async function choose(label: string, option: string) {
    const input = page.getByRole('combobox', { name: new RegExp(`^(\\* )?${label}$`) });
    const select = page.locator('.ant-select').filter({ has: input });
    await input.focus();
    await input.fill(option);
    await page.locator('.ant-select-item-option-active').filter({ hasText: option }).waitFor();
    await input.press('Enter');
    await select.locator('.ant-select-selection-item').filter({ hasText: option }).waitFor();
  }

  test('an admin is sent to sign in, lands on the catalogue and reads an item with its materials and steps', async () => {
    await page.goto('/admin/categories');
    await page.waitForURL('**/login?next=%2Fadmin%2Fcategories');
    await page.getByText('工作人员登录').waitFor();
    await screenshot(page, 'login');

    await field('用户名').fill('admin');
    await field('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL('**/admin/categories');
    await page.getByRole('link', { name: '事项目录' }).click();

    const row = page.getByRole('row').filter({ hasText: '食品经营许可' });
    await waitForText(row, '市场监督管理局');
    await waitForText(row, '承诺件');
    await waitForText(row, '10 个工作日');
    await waitForText(row, '20 个工作日');
    await waitForText(row, '网上办');
    await screenshot(page, 'catalogue');

    await row.getByRole('button', { name: '详情' }).click();
    const drawer = page.locator('.ant-drawer-content').filter({ hasText: '申请材料' });
    await waitForText(drawer, '食品经营许可证');
    await waitForText(drawer.getByRole('row').filter({ hasText: '食品安全管理人员健康证明' }), '容缺后补');
    for (const step of ['承办', '审核', '批准']) await drawer.getByText(step, { exact: true }).waitFor();
    await screenshot(page, 'catalogue-detail');
  });

  test('creates a window category and lists it; a taken ticket letter is refused on its field', async () => {
    await signIn('admin', '/admin/catalogue');
    await page.getByRole('link', { name: '窗口类别' }).click();
    await page.getByRole('button', { name: '新增类别' }).click();
    await field('号码字母').fill('f');
    await field('类别名称').fill('公积金与社保');
    await field('每日取号上限').fill('200');
    await page.getByRole('button', { name: /保\s*存/ }).click();

    const row = page.getByRole('row').filter({ hasText: '公积金与社保' });
    await waitForText(row, 'F');
    await waitForText(row, '200');
    const [stored] = await server.dataSource.query(`select prefix, daily_cap from window_categories where name = '公积金与社保'`);
    expect(stored).toEqual({ prefix: 'F', daily_cap: 200 });
    await screenshot(page, 'categories');

    // Editing starts from the row's values; a new category after it starts empty again.
    await row.getByRole('button', { name: '编辑' }).click();
    const edit = await openedDialog(page, '编辑类别：公积金与社保');
    expect(await edit.getByLabel('号码字母', { exact: true }).inputValue()).toBe('F');
    expect(await edit.getByLabel('每日取号上限', { exact: true }).inputValue()).toBe('200');
    await edit.getByRole('button', { name: /取\s*消/ }).click();
    await edit.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: '新增类别' }).click();
    expect(await (await openedDialog(page, '新增类别')).getByLabel('号码字母', { exact: true }).inputValue()).toBe('');
    await field('号码字母').fill('A');
    await field('类别名称').fill('重复字母');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    expect(await fieldError('号码字母').innerText()).toBe('该大厅已有相同字母的窗口类别');
    await screenshot(page, 'categories-duplicate-prefix');
  });

  test("puts the server's validation errors on the item form's fields, then publishes the item", async () => {
    await signIn('admin', '/admin/catalogue');
    await page.getByRole('button', { name: '新增事项' }).click();
    await field('事项名称').fill('放射诊疗许可');
    await field('实施编码').fill('实施 编码');
    await field('基本编码').fill('000172009000');
    await choose('实施主体', '卫生健康委员会');
    await choose('窗口类别', 'C 社会事务');
    await field('第 1 项材料名称').fill('卫生许可申请书');
    await page.getByRole('button', { name: /保\s*存/ }).click();

    // VALIDATION_FAILED names the field; the message sits under it, without the field's code name.
    expect(await fieldError('实施编码').innerText()).toBe('格式不正确');
    expect(await fieldError('事项名称').count()).toBe(0);
    await screenshot(page, 'item-form-validation');

    await field('实施编码').fill('DEMO-000172009000');
    await field('承诺办结时限数值').fill('30');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    expect(await fieldError('承诺办结时限数值').innerText()).toBe('承诺办结时限不能长于法定办结时限');

    await field('承诺办结时限数值').fill('15');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    const row = page.getByRole('row').filter({ hasText: '放射诊疗许可' });
    await waitForText(row, '卫生健康委员会');
    await waitForText(row, '15 个工作日');
    const [item] = await server.dataSource.query(
      `select i.implementation_code, (select count(*)::int from service_item_materials m where m.item_id = i.id) as materials,
              (select count(*)::int from service_item_steps s where s.item_id = i.id) as steps
         from service_items i where i.name = '放射诊疗许可'`,
    );
    expect(item).toEqual({ implementation_code: 'DEMO-000172009000', materials: 1, steps: 3 });
  });

  test("the English switch changes the labels and antd's own texts, and is remembered", async () => {
    await signIn('admin', '/admin/catalogue');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('link', { name: 'Service catalogue' }).waitFor();
    await page.getByRole('link', { name: 'Administration' }).waitFor();
    await page.getByRole('columnheader', { name: 'Case type' }).waitFor();
    await waitForText(page.getByRole('row').filter({ hasText: '食品经营许可' }), '10 working days');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    // antd's own words follow the switch too (its locale, not our dictionary).
    await page.getByRole('columnheader', { name: 'Promised limit' }).hover();
    await page.getByText('Click to sort ascending').waitFor();
    await screenshot(page, 'catalogue-english');

    await page.reload();
    await page.getByRole('link', { name: 'Service catalogue' }).waitFor();
    await page.getByRole('button', { name: '切换到中文' }).click();
    await page.getByRole('link', { name: '事项目录' }).waitFor();
  });

  test('with several halls the admin picks one, and every admin page shows that hall', async () => {
    const admin = await server.login('admin');
    const hall = await server.http
      .post('/api/halls')
      .set('Authorization', `Bearer ${admin}`)
      .send({ code: 'EAST', name: '东区政务服务中心' })
      .expect(201);
    await server.http
      .post(`/api/halls/${hall.body.id}/categories`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ prefix: 'K', name: '东区综合受理' })
      .expect(201);

    await signIn('admin', '/admin/catalogue');
    await waitForText(page.getByRole('row'), '食品经营许可');
    await choose('当前大厅', '东区政务服务中心');
    await waitForText(page.locator('.ant-table'), '暂无数据');
    expect(await page.getByText('食品经营许可').count()).toBe(0);

    await page.getByRole('link', { name: '窗口类别' }).click();
    await waitForText(page.getByRole('row'), '东区综合受理');
    expect(await page.getByRole('row').filter({ hasText: '企业开办与市场准入' }).count()).toBe(0);
    await page.reload();
    await waitForText(page.getByRole('row'), '东区综合受理');
    await screenshot(page, 'hall-selector');
  });

  test('a refused session goes back to sign-in, and signing in returns to the page', async () => {
    await page.goto('/login');
    const stale = {
      token: 'ow1.not-a-valid-token',
      expiresAt: '2099-01-01T00:00:00Z',
      user: { id: 'x', username: 'admin', displayName: '系统管理员', role: 'admin', hallIds: [], departmentId: null },
    };
    await page.evaluate(`localStorage.setItem('ow.session', ${JSON.stringify(JSON.stringify(stale))})`);
    await page.goto('/admin/windows');
    await page.waitForURL('**/login?next=%2Fadmin%2Fwindows');
    await page.getByText('登录已失效，请重新登录').waitFor();

    await field('用户名').fill('admin');
    await field('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL('**/admin/windows');
    await waitForText(page.getByRole('row'), '1号综合窗口');
  });

  test("a clerk sees only the clerk's pages, and the admin pages refuse them", async () => {
    await signIn('clerk1', '/console');
    const menu = page.getByRole('menu', { name: '主菜单' });
    await menu.getByRole('link', { name: '窗口工作台' }).waitFor();
    await menu.getByRole('link', { name: '统一出件' }).waitFor();
    expect(await menu.getByRole('link', { name: '系统管理' }).count()).toBe(0);
    await screenshot(page, 'clerk-console');

    await page.goto('/admin/catalogue');
    await page.getByText('您的角色无权使用此页面').waitFor();
    expect(await page.getByText('食品经营许可').count()).toBe(0);
  });

  test("a security administrator's change to a signed-in clerk reaches their pages: a new role on the next load, a deactivation at the next request or look", async () => {
    const admin = { Authorization: `Bearer ${await server.login('security')}` };
    const user = (
      await server.http
        .post('/api/users')
        .set(admin)
        .send({
          username: 'clerk-promoted',
          password: DEMO_PASSWORD,
          displayName: '赵晋升',
          role: 'clerk',
          hallIds: [server.hallId],
        })
        .expect(201)
    ).body;
    // The password an admin gave is replaced at first sign-in, before any page opens.
    await page.goto('/login');
    await field('用户名').fill('clerk-promoted');
    await field('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('该账号的密码由管理员设置或已过期').waitFor();
    await field('新密码').fill('password');
    await field('再次输入新密码').fill('password');
    await page.getByRole('button', { name: /修改密码/ }).click();
    await page.getByText('是常见密码，容易被猜中').waitFor();
    await screenshot(page, 'first-use-password-refused');
    await field('新密码').fill('Promoted-clerk#77');
    await field('再次输入新密码').fill('Promoted-clerk#77');
    await page.getByRole('button', { name: /修改密码/ }).click();
    await page.waitForURL('**/console');
    const menu = page.getByRole('menu', { name: '主菜单' });
    await menu.getByRole('link', { name: '窗口工作台' }).waitFor();
    expect(await menu.getByRole('link', { name: '大厅管理' }).count()).toBe(0);

    // The console was open: on the next load the clerk, now a manager, is taken to the manager's home.
    await server.http.patch(`/api/users/${user.id}`).set(admin).send({ role: 'manager' }).expect(200);
    await page.reload();
    await page.waitForURL('**/backoffice');
    await menu.getByRole('link', { name: '大厅管理' }).waitFor();
    expect(await menu.getByRole('link', { name: '窗口工作台' }).count()).toBe(0);
    await page.getByText('大厅管理者').waitFor();
    await screenshot(page, 'promoted-to-manager');

    // The open page may notice on its own with its next request; coming back into view, it asks in any case.
    await server.http.patch(`/api/users/${user.id}`).set(admin).send({ active: false }).expect(200);
    await page.evaluate("document.dispatchEvent(new Event('visibilitychange'))");
    await page.waitForURL('**/login?next=%2Fbackoffice');
    await page.getByText('登录已失效，请重新登录').waitFor();
    await screenshot(page, 'session-ended');
  });

  test('issues a device token, shows its secret once, and the display takes it from the link and keeps it', async () => {
    await signIn('admin', '/admin/catalogue');
    await page.getByRole('link', { name: '设备令牌' }).click();
    await page.getByRole('button', { name: '签发令牌' }).click();
    await field('设备名称').fill('二楼叫号屏');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    const secret = await page.getByTestId('device-secret').textContent();
    expect(secret).toMatch(/^owd_/);
    await page.getByRole('img', { name: '设备配置链接二维码' }).waitFor();
    await screenshot(page, 'device-token-issued');
    await page.getByRole('button', { name: /关\s*闭/ }).click();
    await waitForText(page.getByRole('row').filter({ hasText: '二楼叫号屏' }), '有效');
    // Gone from the page, not just hidden.
    await page.getByText(secret!).first().waitFor({ state: 'detached' });

    const screen = await context.newPage();
    const screenErrors = consoleErrors(screen);
    await screen.setViewportSize({ width: 1920, height: 1080 });
    await screen.goto(`/display?token=${encodeURIComponent(secret!)}`);
    await screen.getByText('示范区政务服务中心').waitFor();
    // The token leaves the address bar, and the screen still works after a restart.
    expect(new URL(screen.url()).search).toBe('');
    await screen.reload();
    await screen.getByText('示范区政务服务中心').waitFor();
    await screenshot(screen, 'display');

    // A display token does not open the kiosk.
    await screen.goto(`/kiosk?token=${encodeURIComponent(secret!)}`);
    await screen.getByText('该令牌不是「自助取号机」的令牌').waitFor();

    const row = page.getByRole('row').filter({ hasText: '二楼叫号屏' });
    await row.getByRole('button', { name: '吊销' }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /吊\s*销/ })
      .click();
    await waitForText(row, '已吊销');
    await screen.goto('/display');
    await screen.getByText('设备令牌无效或已被吊销').waitFor();
    expect(screenErrors).toEqual([]);
  });
});
