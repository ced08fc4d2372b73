import { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../seeds/demo-hall.data';
import { Clock } from '../../src/common/time/clock';
import { residentId, ZHANG_SAN } from '../support/case-helpers';
import { DISPLAY_TOKEN, hallRefs, HallRefs, KIOSK_TOKEN } from '../support/queue-helpers';
import {
  attachPage,
  consoleErrors,
  describeInBrowser,
  launchBrowser,
  openedDialog,
  screenshot,
  waitForText,
  waitInPage,
} from '../support/browser';
import { PNG } from '../support/material-fixtures';
import { TestApp } from '../support/test-app';
import { startTestServer } from '../support/test-server';

/** The hall's time runs from a Monday morning inside the issuing hours, at the real pace (estimates and timers need it to move). */
class RunningClock extends Clock {
  private readonly startedAt = Date.now();

  constructor(private readonly start: string) {
    super();
  }

  now(): Date {
    return new Date(new Date(this.start).getTime() + (Date.now() - this.startedAt));
  }
}

// Page scripts, as text: this file is compiled without the DOM's types.
/** The kiosk's printer: counts the slips printed. */
const RECORD_PRINTS = 'window.printed = 0; window.print = () => { window.printed++; };';
/** The display's synthesiser: records what it would say, in order, and reports each utterance said. */
const RECORD_SPEECH = `window.spoken = [];
  window.speechSynthesis.speak = (utterance) => {
    window.spoken.push(utterance.text);
    setTimeout(() => utterance.dispatchEvent(new Event('end')), 50);
  };`;
/** The phone's vibrator. */
const RECORD_VIBRATIONS = `window.vibrations = [];
  Object.defineProperty(navigator, 'vibrate', { value: (pattern) => window.vibrations.push(pattern) > 0 });`;

const VOICE = (number: string, window: number) => `请${number}号到${window}号窗口办理`;

describeInBrowser("a whole visit: kiosk, window console, hall display, citizen's phone", () => {
  const clock = new RunningClock('2026-03-02T09:00:00+08:00');
  let server: TestApp;
  let browser: Browser;
  let refs: HallRefs;
  const contexts: BrowserContext[] = [];
  const errors: string[][] = [];
  let kiosk: Page;
  let clerk: Page;
  let display: Page;
  let windowScreen: Page;
  let phone: Page;
  let accessCode: string;
  let foodCase: { id: string; caseNumber: string };

  async function open(options: Parameters<Browser['newContext']>[0], init?: string): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.url, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options });
    // The pages' clocks (the display's and the kiosk's) tell the hall's time, running from the server's.
    await context.clock.install({ time: clock.now() });
    if (init) await context.addInitScript({ content: init });
    contexts.push(context);
    const page = await context.newPage();
    errors.push(consoleErrors(page));
    return page;
  }

  beforeAll(async () => {
    server = await startTestServer({ overrides: [{ provide: Clock, useValue: clock }] });
    refs = await hallRefs(server);
    browser = await launchBrowser();
    kiosk = await open({ viewport: { width: 1080, height: 1920 }, hasTouch: true }, RECORD_PRINTS);
    display = await open({ viewport: { width: 1920, height: 1080 } }, RECORD_SPEECH);
    phone = await open({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }, RECORD_VIBRATIONS);
    clerk = await open({ viewport: { width: 1440, height: 900 } });
    windowScreen = await contexts[1].newPage();
    errors.push(consoleErrors(windowScreen));
    await windowScreen.setViewportSize({ width: 960, height: 540 });
  }, 180_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
    // The display's reconnection attempts while it is offline on purpose are the only failures expected.
    expect(errors.flat().filter((e) => !e.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([]);
  });

  /** A step of the visit, with a screenshot of every page when it fails. */
  const step = (name: string, fn: () => Promise<void>, timeout = 60_000) =>
    it(
      name,
      async () => {
        try {
          await fn();
        } catch (err) {
          const slug = name.slice(0, 30).replace(/[^\p{L}\p{N}]+/gu, '-');
          for (const [label, page] of Object.entries({ kiosk, clerk, display, phone, windowScreen })) {
            await screenshot(page, `failed-visit-${slug}-${label}`).catch(() => undefined);
          }
          throw err;
        }
      },
      timeout,
    );

  const spoken = () => display.evaluate('window.spoken') as Promise<string[]>;

  /** The searchable antd select labelled `label`, chosen the way a clerk at the keyboard does: type, then Enter. */
  async function choose(page: Page, label: string, option: string) {
    const input = page.getByRole('combobox', { name: new RegExp(`^(\\* )?${label}$`) });
    await input.focus();
    await input.fill(option);
    await page.locator('.ant-select-item-option-active').filter({ hasText: option }).waitFor();
    await input.press('Enter');
    await page
      .locator('.ant-select')
      .filter({ has: input })
      .locator('.ant-select-selection-item')
      .filter({ hasText: option })
      .first()
      .waitFor();
  }

  step('the kiosk shows the categories with their waiting counts, issues A001 and prints its 80 mm slip', async () => {
    await kiosk.goto(`/kiosk?token=${encodeURIComponent(KIOSK_TOKEN)}`);
    const categoryA = kiosk.getByRole('button', { name: /企业开办与市场准入/ });
    await waitForText(categoryA, '等候 0 人');
    await kiosk.getByRole('button', { name: /统一出件/ }).waitFor();
    await screenshot(kiosk, 'kiosk-start');

    await categoryA.click();
    await kiosk.getByRole('button', { name: '老年人' }).waitFor();
    await screenshot(kiosk, 'kiosk-priority');
    await kiosk.getByRole('button', { name: '普通取号' }).click();
    await waitForText(kiosk.getByTestId('kiosk-number'), 'A001');
    await waitForText(kiosk.locator('.kiosk-main'), '前面还有 0 人等候');
    await waitInPage(kiosk, 'window.printed === 1');
    await screenshot(kiosk, 'kiosk-issued');

    await kiosk.emulateMedia({ media: 'print' });
    const slip = kiosk.getByTestId('ticket-slip');
    for (const text of ['示范区政务服务中心', '企业开办与市场准入', 'A001', '前面还有 0 人等候', '2026/03/02 09:0', '扫码查看排队进度'])
      await waitForText(slip, text);
    expect((await slip.boundingBox())!.width).toBeCloseTo((80 / 25.4) * 96, 0);
    // The page as the receipt printer gets it: the slip alone.
    await kiosk.setViewportSize({ width: 303, height: 520 });
    await screenshot(kiosk, 'kiosk-slip-print');
    await kiosk.setViewportSize({ width: 1080, height: 1920 });
    await kiosk.emulateMedia({ media: 'screen' });

    const [ticket] = await server.dataSource.query(`select access_code from tickets where number = 'A001'`);
    accessCode = ticket.access_code;
    await kiosk.getByRole('button', { name: /完\s*成/ }).click();
    // Live: the count beside the category follows the queue.
    await waitForText(categoryA, '等候 1 人');
  });

  step("the citizen's phone shows the ticket, and the hall display and the window screen come up", async () => {
    await phone.goto(`/t/${accessCode}`);
    await waitForText(phone.getByTestId('ticket-number'), 'A001');
    await waitForText(phone.locator('.ticket-card'), '等候中', '暂无开放窗口');
    await screenshot(phone, 'ticket-waiting-no-window');

    await display.goto(`/display?token=${encodeURIComponent(DISPLAY_TOKEN)}`);
    await display.getByText('示范区政务服务中心').waitFor();
    await waitForText(display.locator('.display-waiting-row').filter({ hasText: '企业开办与市场准入' }), '1 人');
    await waitForText(display.getByTestId('display-call'), '请留意叫号');

    await windowScreen.goto(`/window-screen/${refs.window[3]}`);
    await waitForText(windowScreen.locator('.window-screen'), '3号窗口', '3号综合窗口', '未开放');
  });

  step("the clerk opens window 3; the citizen's estimate appears without a reload", async () => {
    await clerk.goto('/login');
    await clerk.getByLabel('用户名', { exact: true }).fill('clerk1');
    await clerk.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
    await clerk.getByRole('button', { name: /登\s*录/ }).click();
    await clerk.waitForURL('**/console');
    await choose(clerk, '窗口', '3号综合窗口');
    await clerk.getByRole('button', { name: /开\s*窗/ }).click();
    await waitForText(clerk.getByTestId('window-status'), '开放中');
    await waitForText(clerk.locator('.console-queue'), 'A001');
    await waitForText(phone.locator('.ticket-card'), /约 \d+ 分钟/);
    await waitForText(windowScreen.locator('.window-screen'), '服务中', '请等候叫号');
    await screenshot(clerk, 'console-open');
  });

  step('F1 calls A001: the display shows and speaks the call within a second, the phone alerts, the window screen shows it', async () => {
    const started = Date.now();
    await clerk.keyboard.press('F1');
    const call = display.getByTestId('display-call');
    await call.filter({ hasText: 'A001' }).waitFor({ timeout: 5000 });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(1000);
    expect(await call.innerText()).toBe(VOICE('A001', 3));
    await waitForText(clerk.getByTestId('console-current'), 'A001');

    await waitInPage(display, 'window.spoken.length === 1');
    expect(await spoken()).toEqual([VOICE('A001', 3)]);
    await waitForText(display.locator('.display-recent'), 'A001', '3 号窗口');
    await waitForText(display.locator('.display-window').filter({ hasText: '3号综合窗口' }), 'A001', '正在叫号');
    await screenshot(display, 'display-calling');

    await waitForText(phone.getByTestId('your-turn'), '轮到您了', '请到 3 号窗口');
    expect(await phone.evaluate('window.vibrations.length')).toBe(1);
    await screenshot(phone, 'ticket-your-turn');

    await waitForText(windowScreen.getByTestId('window-screen-ticket'), 'A001');
    await waitForText(windowScreen.locator('.window-screen'), '请到本窗口办理');
    await screenshot(windowScreen, 'window-screen-calling');
    await screenshot(clerk, 'console-called');
  });

  step('F2 recalls: the display speaks the call again; F3 starts the service', async () => {
    await clerk.keyboard.press('F2');
    await waitInPage(display, 'window.spoken.length === 2');
    expect(await spoken()).toEqual([VOICE('A001', 3), VOICE('A001', 3)]);
    await waitForText(clerk.locator('.console-current-facts'), /重呼次数\s*1/);

    await clerk.keyboard.press('F3');
    await waitForText(clerk.locator('.console-desk'), '办理中');
    await waitForText(windowScreen.locator('.window-screen'), '正在办理');
    await waitForText(phone.locator('.ticket-card'), '正在 3 号窗口办理');
    expect(await phone.getByTestId('your-turn').count()).toBe(0);
  });

  step(
    "the clerk accepts a bundle through the form: the ID check digit inline, the server's refusal on its field, the 受理通知书 in a new tab",
    async () => {
      const form = clerk.locator('.acceptance');
      await form.waitFor();
      await choose(clerk, '办理事项', '食品经营许可');
      await choose(clerk, '办理事项', '发票领用');
      const food = form.locator('.acceptance-item').filter({ hasText: '食品经营许可' });
      const invoice = form.locator('.acceptance-item').filter({ hasText: '发票领用' });
      await clerk.getByLabel('申请人姓名').fill(ZHANG_SAN.name);
      const id = clerk.getByLabel('居民身份证号码');
      const idError = form.locator('.ant-form-item').filter({ has: id }).locator('.ant-form-item-explain-error');
      // A wrong last character is caught as it is typed.
      const wrongCheck = ZHANG_SAN.idNumber.slice(0, 17) + (ZHANG_SAN.idNumber[17] === '1' ? '2' : '1');
      await id.fill(wrongCheck);
      await waitForText(idError, '校验码不正确');
      await clerk.getByLabel('联系电话').fill(ZHANG_SAN.contactPhone);

      // A material is there because a page of it is attached; only the 容缺 health certificate could be ticked bare.
      for (const material of ['食品经营许可申请书', '营业执照复印件', '食品安全管理制度', '经营场所平面布局图']) {
        await attachPage(food, material, PNG);
      }
      await attachPage(invoice, '经办人身份证件', PNG);
      // The server offers 容缺受理 for the food item (its health certificate may follow) and nothing to correct for the invoice.
      await food.locator('.ant-radio-button-wrapper-checked').filter({ hasText: '容缺受理' }).waitFor();
      await waitForText(food, '容缺后补：食品安全管理人员健康证明');
      await waitForText(invoice.locator('.acceptance-refusals'), '材料齐全，无需补正');
      await screenshot(clerk, 'console-acceptance-checklist');
      await clerk.evaluate('window.scrollTo(0, 0)');
      await screenshot(clerk, 'console-acceptance-form');
      // The applicant has the certificate after all: with the checklist complete the server offers plain 受理.
      await food.getByRole('checkbox', { name: '食品安全管理人员健康证明' }).check();
      await food
        .locator('.ant-radio-button-wrapper-checked')
        .filter({ hasText: /^受理$/ })
        .waitFor();
      await food.getByText('容缺后补：').waitFor({ state: 'detached' });

      // A number with a right check digit but no such region passes here and is refused by the server, on the field.
      await id.fill(residentId('99010519491231002'));
      await expectNoText(idError);
      await form.getByRole('button', { name: /提交受理/ }).click();
      await waitForText(idError, '居民身份证号码无效：地址码不存在');
      await screenshot(clerk, 'console-acceptance-server-error');

      await id.fill(ZHANG_SAN.idNumber);
      await form.getByRole('button', { name: /提交受理/ }).click();
      const result = clerk.locator('.acceptance-result');
      await waitForText(result, '食品经营许可、发票领用');
      const foodResult = result.locator('.acceptance-case').filter({ hasText: '食品经营许可' });
      await waitForText(foodResult, '已受理', '承诺办结期限');
      // 即办件: decided and handed over at this window, in this visit.
      await waitForText(result.locator('.acceptance-case').filter({ hasText: '发票领用' }), '已办结，当场领取');
      await screenshot(clerk, 'console-accepted');

      const caseNumber = await foodResult.getByTestId('case-number').innerText();
      const [row] = await server.dataSource.query(`select id, status from cases where case_number = $1`, [caseNumber]);
      expect(row.status).toBe('accepted');
      foodCase = { id: row.id, caseNumber };

      const [notice] = await Promise.all([
        clerk.context().waitForEvent('page'),
        foodResult.getByRole('button', { name: '受理通知书' }).click(),
      ]);
      errors.push(consoleErrors(notice));
      await notice.waitForURL(/^blob:/);
      await notice.getByRole('heading', { name: '受理通知书' }).waitFor();
      await waitForText(notice.locator('body'), caseNumber, '食品经营许可', '申请材料齐全', '110***********002X');
      await notice.setViewportSize({ width: 900, height: 1200 });
      await screenshot(notice, 'acceptance-notice');
      await notice.close();
    },
  );

  step('F8 finishes the visit by key; the citizen rates it on the phone (一次一评)', async () => {
    await clerk.keyboard.press('F8');
    await waitForText(clerk.locator('.console-desk'), '窗口空闲');
    await waitForText(phone.locator('.ticket-card'), '已办结');
    const rating = phone.locator('.ticket-rating');
    await waitForText(rating, '请对本次服务进行评价');
    await screenshot(phone, 'ticket-rating');
    await rating.getByText('非常满意', { exact: true }).click();
    await rating.getByRole('button', { name: /提交评价/ }).click();
    await waitForText(phone.locator('.ticket-page'), '感谢您的评价', '您的评价：非常满意');
    await screenshot(phone, 'ticket-rated');
    const [stored] = await server.dataSource.query(`select score, channel from ratings`);
    expect(stored).toEqual({ score: 5, channel: 'visit' });
  });

  step('a green-channel ticket: the kiosk goes back to its start screen by itself', async () => {
    await kiosk.getByRole('button', { name: /企业开办与市场准入/ }).click();
    await kiosk.getByRole('button', { name: '老年人' }).click();
    await waitForText(kiosk.getByTestId('kiosk-number'), 'A002');
    await waitInPage(kiosk, 'window.printed === 2');
    await kiosk.emulateMedia({ media: 'print' });
    await waitForText(kiosk.getByTestId('ticket-slip'), '绿色通道：老年人');
    // Printed, the longest slip (with its green-channel line) is one page of the 80 mm roll.
    const pdf = (await kiosk.pdf({ preferCSSPageSize: true })).toString('latin1');
    const pagesMm = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) =>
      [m[1], m[2]].map((pt) => Math.round((Number(pt) / 72) * 25.4)),
    );
    expect(pagesMm).toEqual([[80, 120]]);
    await kiosk.emulateMedia({ media: 'screen' });
    await kiosk.getByText('请选择办理业务').waitFor({ timeout: 15_000 });
    await waitForText(kiosk.getByRole('button', { name: /企业开办与市场准入/ }), '等候 1 人');
  });

  step('the display loses its connection, shows it, and after it is back shows the call it missed, never the old one', async () => {
    await waitForText(display.locator('.display-waiting-row').filter({ hasText: '企业开办与市场准入' }), '1 人');
    await display.context().setOffline(true);
    await display.getByRole('status').filter({ hasText: '网络连接中断' }).waitFor();
    await screenshot(display, 'display-offline');

    await clerk.keyboard.press('F1');
    await waitForText(clerk.getByTestId('console-current'), 'A002');
    // Nothing reaches it meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await display.getByTestId('display-call').innerText()).toBe('请留意叫号');

    await display.context().setOffline(false);
    await waitForText(display.getByTestId('display-call'), 'A002');
    await display.getByRole('status').waitFor({ state: 'detached' });
    expect(await display.getByTestId('display-call').innerText()).toBe(VOICE('A002', 3));
    await waitForText(display.locator('.display-window').filter({ hasText: '3号综合窗口' }), 'A002');
    // The missed call is still announced (it is seconds old), once; A001 is not said again.
    await waitInPage(display, 'window.spoken.length === 3');
    expect(await spoken()).toEqual([VOICE('A001', 3), VOICE('A001', 3), VOICE('A002', 3)]);
    await screenshot(display, 'display-resynced');
  });

  step('every other move by its key: no-show and back in the queue, hold and resume, transfer to another category', async () => {
    const desk = clerk.locator('.console-desk');
    await clerk.keyboard.press('F4');
    await waitForText(clerk.locator('.console-noshow'), 'A002 已过号');
    await clerk.locator('.console-noshow').getByRole('button', { name: '重新排队' }).click();
    await waitForText(clerk.locator('.console-queue'), 'A002');
    await clerk.keyboard.press('F1');
    await waitForText(clerk.getByTestId('console-current'), 'A002');
    await clerk.keyboard.press('F3');
    await waitForText(desk, '办理中');

    await clerk.keyboard.press('F6');
    await waitForText(clerk.locator('.console-held'), 'A002');
    await waitForText(desk, '窗口空闲');
    await screenshot(clerk, 'console-held');
    await clerk.keyboard.press('F7');
    await waitForText(desk, 'A002', '办理中');

    await clerk.keyboard.press('F9');
    const dialog = await openedDialog(clerk, '转移 A002');
    await choose(clerk, '业务类别', 'E 即办/综合咨询');
    await screenshot(clerk, 'console-transfer');
    await dialog.getByRole('button', { name: /^转\s*移$/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    // It keeps its number and waits in E, which window 3 also serves.
    await waitForText(clerk.locator('.console-queue').getByRole('row').filter({ hasText: 'A002' }), 'E');
    await waitForText(desk, '窗口空闲');
    const [moved] = await server.dataSource.query(
      `select t.status, c.prefix from tickets t join window_categories c on c.id = t.category_id where t.number = 'A002'`,
    );
    expect(moved).toEqual({ status: 'waiting', prefix: 'E' });
  });

  step('the case goes through the back office and is handed over at the unified pickup window, on their pages', async () => {
    const signIn = async (username: string, landing: string) => {
      const page = await open({ viewport: { width: 1440, height: 900 } });
      await page.goto('/login');
      await page.getByLabel('用户名', { exact: true }).fill(username);
      await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.waitForURL(`**${landing}`);
      return page;
    };

    const approver = await signIn('approver-scjg', '/backoffice');
    const row = approver.getByRole('row').filter({ hasText: foodCase.caseNumber });
    await row.getByRole('button', { name: foodCase.caseNumber }).click();
    const drawer = approver.locator('.ant-drawer-content');
    // The approver sees the applicant masked; only the accepting clerk sees the name in full.
    await waitForText(drawer, '张*', '食品经营许可申请书');
    await drawer.getByRole('button', { name: /认\s*领/ }).click();
    await waitForText(row, '我');
    await drawer.getByRole('button', { name: '完成本环节' }).click();
    await waitForText(row, '审核 · 审查中');
    await drawer.getByRole('button', { name: '完成本环节' }).click();
    await waitForText(row, '批准 · 审查中');
    await drawer.getByRole('button', { name: '作出审批决定' }).click();
    const dialog = await openedDialog(approver, '作出审批决定');
    await dialog.getByRole('radio', { name: '准予许可' }).check();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await waitForText(approver.locator('.ant-drawer-title'), '待出件');

    const pickup = await signIn('clerk2', '/console');
    await pickup.getByRole('link', { name: '统一出件' }).click();
    await pickup.getByRole('button', { name: /11号统一出件窗口/ }).click();
    const waiting = pickup.getByRole('row').filter({ hasText: foodCase.caseNumber });
    await waiting.getByRole('button', { name: /办\s*理/ }).click();
    await pickup.getByLabel('核验证件号码').fill(ZHANG_SAN.idNumber);
    await pickup.getByRole('button', { name: '核验并发放' }).click();
    await waitForText(pickup.locator('.ant-result'), foodCase.caseNumber, '已领取');
    const [stored] = await server.dataSource.query(`select status from cases where id = $1`, [foodCase.id]);
    expect(stored.status).toBe('picked_up');
  });

  /** Waits until `locator` is empty or gone. */
  async function expectNoText(locator: ReturnType<Page['locator']>) {
    await locator.first().waitFor({ state: 'detached', timeout: 10_000 });
  }
});
