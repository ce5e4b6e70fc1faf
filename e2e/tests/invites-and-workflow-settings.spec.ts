/**
 * Project settings as an admin uses them: workflow colours show as swatches and the order buttons
 * say up and down; a revoked link is no longer offered to send; someone who joins through a link
 * appears in People without a reload, and the link says who used it.
 */
import { expect, request, test } from '@playwright/test';
import { freshProject } from '../support/freshProject.ts';
import { expectAccessible, signedIn } from '../support/people.ts';

test('workflow rows: colour swatches with room to show, and up/down order buttons', async ({ browser, baseURL }) => {
  const fresh = await freshProject(baseURL as string, 'Swatch');
  const person = await signedIn(browser, fresh.owner);
  const { page } = person;
  await page.goto(`/p/${fresh.projectId}/settings`);
  const swatch = page.getByLabel('Color of To do');
  // The colour's own area: the box less padding and border, which used to leave a thin line.
  const inner = await swatch.evaluate((element) => {
    const style = getComputedStyle(element);
    const px = (value: string) => Number.parseFloat(value) || 0;
    return element.clientHeight - px(style.paddingTop) - px(style.paddingBottom);
  });
  expect(inner).toBeGreaterThanOrEqual(20);
  await expect(page.getByRole('button', { name: 'Move To do down' })).toBeEnabled();
  await expect(page.getByRole('button', { name: 'Move Done up' })).toBeEnabled();
  await expect(page.getByRole('button', { name: /^Move .* (left|right)$/ })).toHaveCount(0);
  await person.context.close();
  await fresh.rest.dispose();
});

test('a revoked link is taken off screen; a newcomer shows in People without a reload, and on the link', async ({
  browser,
  baseURL,
}) => {
  const fresh = await freshProject(baseURL as string, 'Invites');
  const admin = await signedIn(browser, fresh.owner);
  const { page } = admin;
  await page.goto(`/p/${fresh.projectId}/settings`);
  const create = page.getByRole('button', { name: 'Create invite link' });
  const link = page.getByTestId('invite-url');

  await create.click();
  await expect(link).toBeVisible();
  await page.getByTestId('invite').getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByTestId('invite')).toContainText('Revoked');
  await expect(link).toHaveCount(0);
  await expect(page.getByText('Send this link')).toHaveCount(0);

  await create.click();
  const url = await link.inputValue();
  const token = url.split('/join/')[1] ?? '';
  const newcomer = { name: 'Nora Newcomer', email: `nora.${Date.now().toString(36)}@client.test` };
  const visitor = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL as string } });
  const joined = await visitor.post(`/api/invites/${token}/accept`, {
    data: { ...newcomer, password: 'nora-newcomer-password' },
  });
  expect(joined.ok(), await joined.text()).toBe(true);

  // Coming back to the tab refreshes the lists (they also refresh every half minute).
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(page.getByRole('table').filter({ hasText: 'Side' })).toContainText(newcomer.name);
  const used = page.getByTestId('invite').filter({ hasText: 'used 1 of 1' });
  await expect(used.getByTestId('invite-uses')).toHaveText(`${newcomer.name} (${newcomer.email}) joined just now`);
  await expect(used.locator('time')).toHaveAttribute('title', /\d/);
  await expectAccessible(page, 'settings with a used invite');
  await visitor.dispose();
  await admin.context.close();
  await fresh.rest.dispose();
});
