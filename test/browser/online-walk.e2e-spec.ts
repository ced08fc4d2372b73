import { Browser, BrowserContext, Page } from 'playwright-core';
import { Clock } from '../../src/common/time/clock';
import {
  describeInBrowser,
  launchBrowser,
  openedDialog,
  openPage,
  screenshot,
  signIn,
  waitForText,
  waitInPage,
  itWithPictures,
} from '../support/browser';
import { itemsByName, LI_SI, local, ok } from '../support/case-helpers';
import { ManualClock } from '../support/manual-clock';
import { JPEG, pdfOf } from '../support/material-fixtures';
import { auth } from '../support/queue-helpers';
import { TestApp } from '../support/test-app';
import { startTestServer } from '../support/test-server';

/**
 * 网上申办 from the phone to the post, in one hall and through its real pages: the citizen applies on
 * /apply with a photo and a PDF and asks for the result by post, the clerk sends it back for 补正, the
 * citizen re-uploads from /case, the clerk passes it, the approver reads the pages in the back office
 * and approves, the pickup clerk records the mailing, and the citizen's /case shows the parcel.
 */
describeInBrowser('web client: an online application walked from /apply to the post', () => {
  const clock = new ManualClock(local('2026-03-02T09:30:00'));
  let server: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[][] = [];
  let citizen: Page;
  let caseNumber: string;
  let queryCode: string;

  async function open(options: { phone?: boolean } = {}): Promise<Page> {
    const opened = await openPage(browser, server.url, { ...options, time: clock.now() });
    contexts.push(opened.context);
    errors.push(opened.errors);
    return opened.page;
  }

  beforeAll(async () => {
    server = await startTestServer({
      overrides: [{ provide: Clock, useValue: clock }],
      env: { CASE_SWEEP_INTERVAL_SECONDS: '0', PUBLIC_RATE_LIMIT_PER_MINUTE: '1000' },
    });
    browser = await launchBrowser();
    // 食品经营许可 (results by post among its options, one SCJG approver may take all three steps) made
    // 全程网办 by the administrator, so the pass needs no visit to the hall to show the originals.
    const food = (await itemsByName(server))['食品经营许可'];
    const admin = await server.login('admin');
    const changed = await ok<{ fullyOnline: boolean; distinctApprovers: boolean }>(
      server.http.patch(`/api/items/${food.id}`).set(auth(admin)).send({ fullyOnline: true }),
    );
    expect(changed).toMatchObject({ fullyOnline: true, distinctApprovers: false });
  }, 240_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  /** The steps share the pages; a failed step leaves a picture of every open page. */
  const step = (name: string, fn: () => Promise<void>) =>
    itWithPictures(
      name,
      () => contexts.flatMap((context) => context.pages()),
      async () => {
        await fn();
        // Refusals the walk provokes on purpose are none: every page stays free of errors.
        for (const list of errors) expect(list).toEqual([]);
      },
      120_000,
    );

  step('the citizen applies on /apply from a phone with a photo and PDFs, the result to come by post', async () => {
    citizen = await open({ phone: true });
    await citizen.goto(`/apply?hall=${server.hallId}`);
    await citizen.getByPlaceholder('输入事项名称或编码').fill('食品经营');
    await citizen.keyboard.press('Enter');
    await waitForText(citizen.locator('.ant-list-item'), '食品经营许可', '全程网办');
    await citizen.getByRole('button', { name: /^申\s*办$/ }).click();
    await citizen.getByText('一次性告知').waitFor();

    const attach = async (material: string, name: string, mimeType: string, buffer: Buffer, shown: string) => {
      await citizen.locator(`input[data-material="${material}"]`).setInputFiles({ name, mimeType, buffer });
      await citizen.getByText(shown).waitFor();
    };
    await attach('食品经营许可申请书', '申请书.jpg', 'image/jpeg', JPEG, '申请书.jpg · 1p');
    await attach('营业执照复印件', '营业执照.pdf', 'application/pdf', await pdfOf(2), '营业执照.pdf · 2p');
    await attach('食品安全管理制度', '管理制度.pdf', 'application/pdf', await pdfOf(3), '管理制度.pdf · 3p');
    await attach('经营场所平面布局图', '布局图.jpg', 'image/jpeg', JPEG, '布局图.jpg · 1p');
    // The 容缺 material too: left out, it would be owed, and the approval would wait for it.
    await attach('食品安全管理人员健康证明', '健康证明.jpg', 'image/jpeg', JPEG, '健康证明.jpg · 1p');
    await citizen.getByLabel('申请人姓名').fill(LI_SI.name);
    await citizen.getByLabel('居民身份证号码').fill(LI_SI.idNumber);
    await citizen.getByLabel('联系电话（选填，用于短信通知）').fill(LI_SI.contactPhone);
    await citizen.getByRole('radio', { name: '窗口领取', checked: true }).waitFor();
    await citizen.getByRole('radio', { name: '邮寄送达' }).check();
    await screenshot(citizen, 'online-walk-apply-form');
    await citizen.getByRole('button', { name: '提交申请' }).click();
    await citizen.getByText('申请已提交，等待网上预审').waitFor();
    await screenshot(citizen, 'online-walk-applied');
    [, caseNumber, queryCode] = /办件编号 (\S+) · 查询码 (\S+)/.exec(await citizen.locator('.ant-result-subtitle').innerText())!;

    const [stored] = await server.dataSource.query(
      `select c.channel, c.status, c.delivery_method, count(f.id)::int as files
         from cases c left join case_files f on f.case_id = c.id
        where c.case_number = $1 group by c.id`,
      [caseNumber],
    );
    expect(stored).toEqual({ channel: 'online', status: 'received', delivery_method: 'express', files: 5 });
  });

  let clerk: Page;

  step('the clerk on /pre-exam sends it back for 补正, naming what is wrong with the floor plan', async () => {
    clock.set(local('2026-03-02T10:15:00'));
    clerk = await open();
    await signIn(clerk, 'clerk1', '/pre-exam');
    await clerk.getByRole('cell', { name: caseNumber }).click();
    await waitForText(clerk.locator('.case-material').filter({ hasText: '营业执照复印件' }), 'PDF');
    await clerk.getByRole('button', { name: /^补\s*正$/ }).click();
    await clerk.getByRole('textbox', { name: '经营场所平面布局图' }).fill('布局图看不清，请标明操作间和仓库位置后重新拍摄');
    await screenshot(clerk, 'online-walk-pre-exam-correct');
    await clerk.getByRole('button', { name: '发送补正告知' }).click();
    await clerk.getByText('已通知申请人补正').waitFor();
    await clerk.getByText('暂无待预审的办件').waitFor();
  });

  step('the citizen sees the 补正 on /case with the query code, re-uploads the floor plan and resubmits', async () => {
    clock.set(local('2026-03-02T12:40:00'));
    await citizen.getByRole('link', { name: '查看办件进度' }).click();
    await citizen.waitForURL(`**/case?no=${caseNumber}&code=${queryCode}`);
    const correction = citizen.locator('.case-section').filter({ hasText: '网上补正' });
    // The 一次性告知 above the upload list names the material and what is wrong with it.
    await waitForText(citizen.locator('.ant-alert'), '经营场所平面布局图：布局图看不清，请标明操作间和仓库位置后重新拍摄');
    await correction.waitFor();
    await citizen.getByLabel('上传 经营场所平面布局图').setInputFiles({ name: '布局图-重拍.jpg', mimeType: 'image/jpeg', buffer: JPEG });
    await citizen.getByText('已上传 布局图-重拍.jpg').waitFor();
    await screenshot(citizen, 'online-walk-correction');
    await citizen.getByRole('button', { name: /重新提交/ }).click();
    await correction.waitFor({ state: 'detached' });
  });

  step('the clerk sees it back, resubmitted once, and passes it: 全程网办 needs no visit', async () => {
    await clerk.getByText('补正后重交 1 次').waitFor();
    clock.set(local('2026-03-02T14:05:00'));
    await clerk.getByRole('cell', { name: caseNumber }).click();
    await clerk
      .locator('.case-material')
      .filter({ hasText: '经营场所平面布局图' })
      .getByRole('button', { name: /查看 布局图-重拍\.jpg/ })
      .waitFor();
    await screenshot(clerk, 'online-walk-pre-exam-resubmitted');
    await clerk.getByRole('button', { name: /^通\s*过$/ }).click();
    await clerk.getByText('预审通过，已受理').waitFor();
    // The citizen's page follows live: accepted, and no visit to book.
    await waitForText(citizen.getByRole('status'), '已受理');
    expect(await citizen.getByText('网上补正').count()).toBe(0);
    await screenshot(citizen, 'online-walk-accepted');
  });

  step('the approver reads the pages in the back office, completes the steps and approves', async () => {
    clock.set(local('2026-03-03T10:00:00'));
    const approver = await open();
    await signIn(approver, 'approver-scjg', '/backoffice');
    const row = approver.getByRole('row').filter({ hasText: caseNumber });
    await row.getByRole('button', { name: caseNumber }).click();
    const drawer = approver.locator('.ant-drawer-content');
    await waitForText(drawer, '李*', '邮寄送达');
    await waitForText(drawer.locator('.case-material').filter({ hasText: '营业执照复印件' }), 'PDF', '1 份 · 2 页');
    await waitForText(drawer.locator('.case-material').filter({ hasText: '食品安全管理制度' }), '1 份 · 3 页');
    // The photos are real pages loaded through their signed links: the application, the health certificate, the first floor plan and the re-taken one.
    await waitInPage(
      approver,
      `[...document.querySelectorAll('.case-file-thumb img')].length === 4
      && [...document.querySelectorAll('.case-file-thumb img')].every((img) => img.complete && img.naturalWidth > 0)`,
      30_000,
    );
    // The re-taken floor plan beside the first, marked with when the citizen sent it.
    await waitForText(drawer.locator('.case-material').filter({ hasText: '经营场所平面布局图' }), '2 份 · 2 页', '12:40:00');
    await screenshot(approver, 'online-walk-backoffice-drawer');

    await drawer
      .locator('.case-material')
      .filter({ hasText: '经营场所平面布局图' })
      .getByRole('button', { name: /查看 布局图-重拍\.jpg/ })
      .click();
    const photo = await openedDialog(approver, '经营场所平面布局图 · 布局图-重拍.jpg');
    await waitInPage(
      approver,
      `(() => { const img = document.querySelector('.case-file-viewer img'); return img && img.complete && img.naturalWidth > 0; })()`,
      30_000,
    );
    await screenshot(approver, 'online-walk-backoffice-viewer');
    await photo.getByRole('button', { name: 'Close' }).click();
    await photo.waitFor({ state: 'hidden' });

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
    await waitForText(approver.locator('.ant-message'), '审批决定已作出，办件已办结');
    await row.waitFor({ state: 'detached' });
    await screenshot(approver, 'online-walk-backoffice-decided');
  });

  step("the result is mailed from the pickup page and the citizen's /case shows the parcel", async () => {
    clock.set(local('2026-03-04T09:10:00'));
    const pickup = await open();
    await signIn(pickup, 'clerk2', '/pickup');
    // Results leave only from a pickup window someone is on.
    await pickup.getByText('您尚未在统一出件窗口当班').waitFor();
    await pickup.getByRole('button', { name: '在 11号统一出件窗口 开窗' }).click();
    await pickup.getByText('您正在 11号统一出件窗口 当班').waitFor();
    await pickup.getByText('证件号码', { exact: true }).click();
    await pickup.getByRole('textbox', { name: '申请人证件号码' }).fill(LI_SI.idNumber);
    await pickup.getByRole('button', { name: /查\s*找/ }).click();
    const found = pickup.locator('.pickup-found').getByRole('row').filter({ hasText: caseNumber });
    await waitForText(found, '李*', '准予许可', '邮寄送达');
    await found.getByRole('button', { name: /办\s*理/ }).click();
    await pickup.getByRole('tab', { name: '邮寄送达', selected: true }).waitFor();
    await pickup.getByRole('combobox', { name: '快递公司' }).fill('EMS');
    await pickup.getByRole('textbox', { name: '快递单号' }).fill('1187654321098');
    await pickup.getByRole('button', { name: '登记邮寄' }).click();
    await pickup.getByText(`办件 ${caseNumber}：已寄出`).waitFor();
    await screenshot(pickup, 'online-walk-mailed');

    await waitForText(citizen.getByRole('status'), '已寄出');
    await citizen.getByText('已通过 EMS 寄出，单号 1187654321098').waitFor();
    await screenshot(citizen, 'online-walk-case-mailed');
    const [{ id }] = await server.dataSource.query(`select id from cases where case_number = $1`, [caseNumber]);
    const approver = await server.login('approver-scjg');
    const stored = await ok<{ status: string; carrier: string; trackingNumber: string }>(
      server.http.get(`/api/cases/${id}`).set(auth(approver)),
    );
    expect(stored).toMatchObject({ status: 'mailed', carrier: 'EMS', trackingNumber: '1187654321098' });
    const events = await ok<{ move: string }[]>(server.http.get(`/api/cases/${id}/events`).set(auth(approver)));
    expect(events.map((e) => e.move)).toEqual(
      expect.arrayContaining(['receive', 'request_correction', 'complete_correction', 'accept', 'approve', 'mail']),
    );
  });
});
