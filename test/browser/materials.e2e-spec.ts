import { Browser, BrowserContext, Page } from 'playwright-core';
import { Clock } from '../../src/common/time/clock';
import { apply, caseMove, checklist, itemsByName, ok, ZHANG_SAN } from '../support/case-helpers';
import {
  attachPage,
  consoleErrors,
  describeInBrowser,
  launchBrowser,
  openedDialog,
  screenshot,
  signIn,
  waitForText,
  waitInPage,
} from '../support/browser';
import { pdfOf, PNG } from '../support/material-fixtures';
import { auth, hallRefs, issue, KIOSK_TOKEN } from '../support/queue-helpers';
import { TestApp } from '../support/test-app';
import { startTestServer } from '../support/test-server';

/** The hall's time runs from a Monday morning at the real pace. */
class RunningClock extends Clock {
  private readonly startedAt = Date.now();

  constructor(private readonly start: string) {
    super();
  }

  now(): Date {
    return new Date(new Date(this.start).getTime() + (Date.now() - this.startedAt));
  }
}

const CERTIFICATE = 'BDC-DZZZ-2026-000001';

/** Chromium's stand-in camera (a moving test picture) in place of the window's 高拍仪, allowed without asking. */
const FAKE_CAMERA = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

describeInBrowser('material files: a walk-in accepted with pages from the document camera, read in the back office', () => {
  const clock = new RunningClock('2026-03-02T09:00:00+08:00');
  let server: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[][] = [];
  let clerk: Page;
  let approver: Page;
  let caseNumber: string;

  async function open(): Promise<Page> {
    const context = await browser.newContext({
      baseURL: server.url,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1440, height: 900 },
    });
    // The pages' clocks tell the hall's time, so the dues in the back office read as the server reckons them.
    await context.clock.install({ time: clock.now() });
    contexts.push(context);
    const page = await context.newPage();
    errors.push(consoleErrors(page));
    return page;
  }

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

  beforeAll(async () => {
    server = await startTestServer({ overrides: [{ provide: Clock, useValue: clock }], env: { CASE_SWEEP_INTERVAL_SECONDS: '0' } });
    const refs = await hallRefs(server);
    // An electronic certificate the hall issued to the same applicant before, which the clerk cites (免证办).
    const [pickupClerk, approverBdc, items] = await Promise.all([
      server.login('clerk2'),
      server.login('approver-bdc'),
      itemsByName(server),
    ]);
    const {
      cases: [issued],
    } = await ok<{ cases: { id: string }[] }>(
      apply(server, pickupClerk, {
        applicant: ZHANG_SAN,
        items: [
          { itemId: items['不动产转移登记'].id, materials: checklist(items['不动产转移登记']), decision: 'accept', delivery: 'electronic' },
        ],
      }),
      201,
    );
    for (const move of ['claim', 'advance', 'advance']) await ok(caseMove(server, approverBdc, issued.id, move));
    await ok(caseMove(server, approverBdc, issued.id, 'decision', { decision: 'approve' }));
    await ok(server.http.post(`/api/windows/${refs.window[11]}/open`).set(auth(pickupClerk)));
    await ok(caseMove(server, pickupClerk, issued.id, 'electronic-delivery', { certificateNumber: CERTIFICATE }));
    const res = await issue(server, { categoryId: refs.category.A, source: 'kiosk' }, { token: KIOSK_TOKEN });
    expect(res.status).toBe(201);
    browser = await launchBrowser(FAKE_CAMERA);
    clerk = await open();
    approver = await open();
  }, 180_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
    expect(errors.flat()).toEqual([]);
  });

  const step = (name: string, fn: () => Promise<void>) =>
    it(
      name,
      async () => {
        try {
          await fn();
        } catch (err) {
          const slug = name.slice(0, 30).replace(/[^\p{L}\p{N}]+/gu, '-');
          for (const [label, page] of Object.entries({ clerk, approver }))
            await screenshot(page, `failed-materials-${slug}-${label}`).catch(() => undefined);
          throw err;
        }
      },
      120_000,
    );

  step(
    'the clerk serves the walk-in, shoots two pages of the application form with the camera, retakes one, and adds a PDF from disk',
    async () => {
      await signIn(clerk, 'clerk1', '/console');
      await choose(clerk, '窗口', '3号综合窗口');
      await clerk.getByRole('button', { name: /开\s*窗/ }).click();
      await waitForText(clerk.getByTestId('window-status'), '开放中');
      await waitForText(clerk.locator('.console-queue'), 'A001');
      await clerk.keyboard.press('F1');
      await waitForText(clerk.getByTestId('console-current'), 'A001');
      await clerk.keyboard.press('F3');
      await waitForText(clerk.locator('.console-desk'), '办理中');

      const form = clerk.locator('.acceptance');
      await choose(clerk, '办理事项', '食品经营许可');
      await clerk.getByLabel('申请人姓名').fill(ZHANG_SAN.name);
      await clerk.getByLabel('居民身份证号码').fill(ZHANG_SAN.idNumber);
      await clerk.getByLabel('联系电话').fill(ZHANG_SAN.contactPhone);
      const food = form.locator('.acceptance-item').filter({ hasText: '食品经营许可' });

      await food.getByRole('button', { name: '用高拍仪拍摄「食品经营许可申请书」' }).click();
      const camera = await openedDialog(clerk, '高拍仪拍摄：食品经营许可申请书');
      // The live picture runs: the fake device's frames reach the <video>.
      await waitInPage(
        clerk,
        `(() => { const v = document.querySelector('.capture-live video'); return v && v.videoWidth > 0 && v.currentTime > 0; })()`,
        30_000,
      );
      await camera.getByRole('button', { name: '拍摄第 1 页' }).click();
      await camera.getByRole('img', { name: '第 1 页' }).waitFor();
      await camera.getByRole('button', { name: '拍摄第 2 页' }).click();
      await camera.getByRole('img', { name: '第 2 页' }).waitFor();
      const firstShot = await camera.getByRole('img', { name: '第 1 页' }).getAttribute('src');
      await camera
        .locator('.capture-page')
        .first()
        .getByRole('button', { name: /^重\s*拍$/ })
        .click();
      await camera.getByRole('button', { name: '重拍第 1 页' }).click();
      await waitInPage(clerk, `document.querySelector('.capture-page img').getAttribute('src') !== ${JSON.stringify(firstShot)}`, 30_000);
      await screenshot(clerk, 'materials-camera');
      await camera.getByRole('button', { name: '保存 2 页' }).click();

      const application = food.locator('tr').filter({ hasText: '食品经营许可申请书' });
      await application.getByRole('img', { name: '「食品经营许可申请书」第 2 页' }).waitFor();
      // The tick follows from the files: checked, and not the clerk's to untick.
      const box = food.getByRole('checkbox', { name: '食品经营许可申请书' });
      expect(await box.isChecked()).toBe(true);
      expect(await box.isDisabled()).toBe(true);

      const license = food.locator('tr').filter({ hasText: '营业执照复印件' });
      await license
        .locator('input[type=file]')
        .setInputFiles({ name: '营业执照.pdf', mimeType: 'application/pdf', buffer: await pdfOf(2) });
      await waitForText(license.locator('.material-thumbs'), '2 页');
      // Without a file a material cannot be ticked, but for 容缺 (the health certificate, seen on paper).
      const rules = food.getByRole('checkbox', { name: '食品安全管理制度' });
      expect([await rules.isChecked(), await rules.isDisabled()]).toEqual([false, true]);
      await attachPage(food, '食品安全管理制度', PNG);
      // 免证办: the floor plan is the certificate's; cited by its number, it counts without a file.
      await food.getByRole('textbox', { name: '「经营场所平面布局图」的电子证照编号' }).fill(CERTIFICATE);
      await food.getByRole('checkbox', { name: '经营场所平面布局图', checked: true }).waitFor();
      await food.getByRole('checkbox', { name: '食品安全管理人员健康证明' }).check();
      await food
        .locator('.ant-radio-button-wrapper-checked')
        .filter({ hasText: /^受理$/ })
        .waitFor();
      await screenshot(clerk, 'materials-acceptance-form');

      await form.getByRole('button', { name: /提交受理/ }).click();
      const result = clerk.locator('.acceptance-result');
      await waitForText(result, '已受理');
      const [row] = await server.dataSource.query(`select id, case_number from cases order by received_at desc limit 1`);
      caseNumber = row.case_number;
      const files: { material_name: string; media_type: string; pages: number }[] = await server.dataSource.query(
        `select material_name, media_type, pages from case_files where case_id = $1 order by added_at, material_name, file_name`,
        [row.id],
      );
      expect(files.map((f) => [f.material_name, f.media_type, f.pages]).sort()).toEqual([
        ['营业执照复印件', 'application/pdf', 2],
        ['食品安全管理制度', 'image/png', 1],
        ['食品经营许可申请书', 'image/jpeg', 1],
        ['食品经营许可申请书', 'image/jpeg', 1],
      ]);

      const [notice] = await Promise.all([
        clerk.context().waitForEvent('page'),
        result.getByRole('button', { name: '受理通知书' }).click(),
      ]);
      await notice.getByRole('heading', { name: '受理通知书' }).waitFor();
      await waitForText(
        notice.locator('table.materials'),
        '食品经营许可申请书',
        '电子版 2 份，共 2 页',
        '营业执照复印件',
        '电子版 1 份，共 2 页',
        '纸质',
      );
      await screenshot(notice, 'materials-acceptance-notice');
      await notice.close();
    },
  );

  step(
    "the approver opens the case and reads its pages: thumbnails, the photo in the viewer, the PDF in the browser's PDF viewer",
    async () => {
      await signIn(approver, 'approver-scjg', '/backoffice');
      const row = approver.getByRole('row').filter({ hasText: caseNumber });
      await row.getByRole('button', { name: caseNumber }).click();
      const drawer = approver.locator('.ant-drawer-content');
      const application = drawer.locator('.case-material').filter({ hasText: '食品经营许可申请书' });
      await waitForText(application, '2 份 · 2 页');
      // The thumbnails are the real pages (the camera's two and the rules' scanned page; the floor plan is a cited certificate), loaded through their signed links.
      await waitInPage(
        approver,
        `[...document.querySelectorAll('.case-file-thumb img')].length === 3
      && [...document.querySelectorAll('.case-file-thumb img')].every((img) => img.complete && img.naturalWidth > 0)`,
        30_000,
      );
      await waitForText(drawer.locator('.case-material').filter({ hasText: '营业执照复印件' }), 'PDF', '1 份 · 2 页');
      await waitForText(drawer.locator('.case-material').filter({ hasText: '食品安全管理制度' }), '1 份 · 1 页');
      await waitForText(drawer.locator('.case-material').filter({ hasText: '经营场所平面布局图' }), `免证：电子证照 ${CERTIFICATE}`);
      // Only the 容缺 material could be ticked as seen on paper.
      await waitForText(drawer.locator('.case-material').filter({ hasText: '食品安全管理人员健康证明' }), '纸质已收');
      await waitForText(drawer.locator('.ant-timeline'), '添加材料文件');
      await screenshot(approver, 'materials-backoffice-drawer');

      await application.getByRole('button', { name: /查看 食品经营许可申请书-1\.jpg/ }).click();
      const photo = await openedDialog(approver, '食品经营许可申请书 · 食品经营许可申请书-1.jpg');
      await waitInPage(
        approver,
        `(() => { const img = document.querySelector('.case-file-viewer img'); return img && img.complete && img.naturalWidth > 0; })()`,
        30_000,
      );
      await screenshot(approver, 'materials-viewer-photo');
      await photo.getByRole('button', { name: 'Close' }).click();

      await drawer
        .locator('.case-material')
        .filter({ hasText: '营业执照复印件' })
        .getByRole('button', { name: /查看 营业执照\.pdf/ })
        .click();
      await openedDialog(approver, '营业执照复印件 · 营业执照.pdf');
      const frame = approver.locator('.case-file-viewer iframe');
      await frame.waitFor();
      const src = await frame.getAttribute('src');
      const res = await approver.request.get(src!);
      expect(res.status()).toBe(200);
      expect(res.headers()['content-type']).toBe('application/pdf');
      await approver.waitForTimeout(1500);
      await screenshot(approver, 'materials-viewer-pdf');
    },
  );
});
