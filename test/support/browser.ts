import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../seeds/demo-hall.data';

/** Debian's Chromium (`apt-get install chromium fonts-noto-cjk`); playwright never downloads a browser here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots');

/**
 * `describe` for browser tests. Without Chromium they fail with the install command rather than
 * pass unseen; SKIP_BROWSER_TESTS=1 skips them on purpose.
 */
export const describeInBrowser: jest.Describe = process.env.SKIP_BROWSER_TESTS === '1' ? describe.skip : describe;

/** `extraArgs` add Chromium switches, e.g. the fake camera (--use-fake-device-for-media-stream). */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `browser tests need Chromium at ${CHROMIUM_PATH}: apt-get install chromium fonts-noto-cjk (or set CHROMIUM_PATH, or SKIP_BROWSER_TESTS=1)`,
    );
  }
  // launch() gives every run a fresh, throw-away user-data-dir of its own.
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/**
 * Collects what the page logs as an error. Chromium logs every 4xx response of fetch as a failed
 * resource load; those are the refusals a test provokes on purpose, so they are left out.
 */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (/Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) return;
    // Chrome's own line when engine.io writes to a WebSocket the server has just closed: the server cuts
    // a socket whose account changed or whose session ended, and socket.io sends again after its reconnect.
    if (msg.text() === 'WebSocket is already in CLOSING or CLOSED state.') return;
    errors.push(msg.text());
  });
  return errors;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Finite animations (a drawer sliding in) are fast-forwarded, so the picture shows where things end up.
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), animations: 'disabled' });
}

/** An it() that, when it fails, leaves a picture of each page `pages()` gives, named after the test. */
export function itWithPictures(name: string, pages: () => Page[], fn: () => Promise<void>, timeoutMs?: number): void {
  it(
    name,
    async () => {
      try {
        await fn();
      } catch (err) {
        const slug = name.slice(0, 40).replace(/[^\p{L}\p{N}]+/gu, '-');
        for (const [i, page] of pages().entries()) await screenshot(page, `failed-${slug}${i ? `-${i}` : ''}`).catch(() => undefined);
        throw err;
      }
    },
    timeoutMs,
  );
}

/**
 * The antd dialog named `name`, once it has opened. antd first puts a dialog in its final place,
 * transparent, with its zoom paused (`ant-zoom-enter-prepare`), and only a frame later zooms it in
 * from a fifth of its size. Playwright takes the still dialog for stable and presses a button in
 * it; if the zoom starts before the release, the release lands beside the button and the click
 * never happens (playwright checks only where the press lands), so the dialog stays open as if
 * nothing had been clicked. Anything done in a dialog waits for this first.
 */
export async function openedDialog(page: Page, name: string): Promise<Locator> {
  const dialog = page.getByRole('dialog', { name });
  await dialog.and(page.locator('.ant-modal:not(.ant-zoom-enter):not(.ant-zoom-appear)')).waitFor({ timeout: 10_000 });
  return dialog;
}

/**
 * Waits until `locator` shows each of `texts` (playwright-core has no `expect`; a filtered
 * locator that must become visible is the same retrying assertion).
 */
export async function waitForText(locator: Locator, ...texts: (string | RegExp)[]): Promise<void> {
  for (const text of texts) await locator.filter({ hasText: text }).first().waitFor({ timeout: 10_000 });
}

/**
 * Waits until `expression` is true in the page. Playwright's waitForFunction polls a string with
 * eval, which the client's Content-Security-Policy forbids (no 'unsafe-eval'); page.evaluate is
 * not subject to it.
 */
export async function waitInPage(page: Page, expression: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await page.evaluate(expression))) {
    if (Date.now() - started > timeoutMs) throw new Error(`${expression}: not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * At the acceptance form: a scanned page chosen from disk for `material` of the item card `item`,
 * resolved once the server has it and the material's tick, which follows from it, is set.
 */
export async function attachPage(item: Locator, material: string, page: Buffer): Promise<void> {
  const row = item.locator('tr').filter({ has: item.page().getByRole('checkbox', { name: material, exact: true }) });
  await row.locator('input[type=file]').setInputFiles({ name: 'page.png', mimeType: 'image/png', buffer: page });
  await item.getByRole('checkbox', { name: material, exact: true, checked: true }).waitFor();
}

/**
 * A fresh context and page on the test server, in Chinese and the hall's time zone: a desktop, or with
 * `phone` a phone's viewport; with `time` its clock starts at the hall's instant. The page's errors are collected.
 */
export async function openPage(
  browser: Browser,
  baseURL: string,
  options: { phone?: boolean; time?: Date } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(options.phone
      ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
      : { viewport: { width: 1440, height: 900 } }),
  });
  if (options.time) await context.clock.install({ time: options.time });
  const page = await context.newPage();
  return { context, page, errors: consoleErrors(page) };
}

/** Signs a demo staff account in on /login and waits for `landing` (a path, e.g. `/backoffice`). */
export async function signIn(page: Page, username: string, landing: string): Promise<void> {
  await page.goto(`/login?next=${encodeURIComponent(landing)}`);
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL(`**${landing}`);
}
