/**
 * The people of the end-to-end tests: the demo's provider (team) and customer, each in their own
 * browser context, and helpers every scenario uses — signing in, opening the demo project, the
 * accessibility check, and a screenshot saved as a test artifact.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, expect, type Page, type TestInfo } from '@playwright/test';

export const provider = { email: 'provider@demo.atrium.test', password: 'atrium-provider-demo', name: 'Pat Provider' };
export const customer = {
  email: 'customer@demo.atrium.test',
  password: 'atrium-customer-demo',
  name: 'Casey Customer',
};
export const projectName = 'Website relaunch';

/** `frames`: every WebSocket frame the page received, as bytes, for asserting what reached the browser. */
export type Person = { context: BrowserContext; page: Page; frames: Buffer[] };

export async function signedIn(
  browser: Browser,
  who: { email: string; password: string },
  viewport = { width: 1400, height: 900 },
): Promise<Person> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const frames = recordFrames(page);
  await page.goto('/signin');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  return { context, page, frames };
}

export async function openProject(page: Page): Promise<void> {
  await page
    .getByRole('link', { name: new RegExp(projectName) })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: projectName, level: 1 })).toBeVisible();
  await expect(page.getByTestId('save-state')).toHaveText('Saved');
}

/** The board column with this name. */
export function column(page: Page, name: string) {
  return page.getByRole('region', { name: new RegExp(`^${name}`) });
}

export function card(page: Page, title: string) {
  return page.getByTestId('item-card').filter({ hasText: title });
}

/** Drags a card by its handle with the mouse and drops it in the middle of a column. */
export async function dragCard(page: Page, title: string, toColumn: string): Promise<void> {
  const handle = card(page, title).getByRole('button', { name: `Move ${title}` });
  const from = await handle.boundingBox();
  const to = await column(page, toColumn).boundingBox();
  if (!from || !to) throw new Error('card or column not on screen');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + 20, from.y + 20, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 20 });
  await page.mouse.up();
}

/** No serious or critical accessibility violations on what the page shows now. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
    );
  expect(serious, `accessibility of ${screen}`).toEqual([]);
}

export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

function recordFrames(page: Page): Buffer[] {
  const frames: Buffer[] = [];
  page.on('websocket', (socket) => {
    socket.on('framereceived', ({ payload }) => {
      frames.push(typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(payload));
    });
  });
  return frames;
}
