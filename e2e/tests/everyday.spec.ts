/**
 * Everyday things people notice: Enter sends a message (Shift+Enter is a new line, and a hint says
 * so); times read "just now", age as time passes, and give the exact time on hover; on a phone the
 * team's board starts on the first screen; a board wider than the window shows that it scrolls.
 */
import { expect, test } from '@playwright/test';
import { api, json } from '../support/api.ts';
import { card, expectAccessible, openProject, provider, signedIn } from '../support/people.ts';

test('Enter sends a thread message, Shift+Enter starts a new line, and its time reads "just now", then ages', async ({
  browser,
}) => {
  const team = await signedIn(browser, provider);
  const { page } = team;
  await openProject(page);
  await card(page, 'Confirm launch date').getByRole('link', { name: 'Confirm launch date' }).click();
  const thread = page.getByTestId('clientThread');
  const box = thread.getByRole('textbox', { name: /^Message to/ });
  await expect(thread.getByText('Enter to send · Shift+Enter for a new line')).toBeVisible();

  // Time is faked from here on, so that "just now" can be seen to age without waiting minutes.
  await page.clock.install();
  const text = `Launch on the 21st ${Date.now().toString(36)}`;
  await box.fill(text);
  await box.press('Shift+Enter');
  await box.pressSequentially('Second line');
  await expect(box).toHaveValue(`${text}\nSecond line`);
  await box.press('Enter');

  const message = thread.locator('.message').filter({ hasText: text });
  await expect(message.locator('.message-body')).toHaveText(`${text}\nSecond line`);
  await expect(box).toHaveValue('');
  const time = message.locator('time');
  await expect(time).toHaveText('just now');
  const at = Date.parse((await time.getAttribute('datetime')) ?? '');
  expect(Number.isNaN(at)).toBe(false);
  // The exact time on hover: a date with the year, not the relative words.
  await expect(time).toHaveAttribute('title', new RegExp(String(new Date(at).getFullYear())));

  await page.clock.fastForward('03:00');
  await expect(time).toHaveText('3 minutes ago');
  await team.context.close();
});

test("on a phone, the team's board starts in the first half of the first screen, and the filters unfold", async ({
  browser,
}) => {
  const viewport = { width: 390, height: 844 };
  const team = await signedIn(browser, provider, viewport);
  const { page } = team;
  await openProject(page);
  const board = await page.getByTestId('board').boundingBox();
  expect(board).not.toBeNull();
  expect(board?.y ?? Number.POSITIVE_INFINITY).toBeLessThan(viewport.height / 2);
  const first = await page.getByTestId('item-card').first().boundingBox();
  expect((first?.y ?? 0) + (first?.height ?? Number.POSITIVE_INFINITY)).toBeLessThanOrEqual(viewport.height);

  // Folded, not gone: the filters are one tap away and say how many are set.
  await expect(page.getByLabel('Filter by title')).toBeHidden();
  await page.getByRole('button', { name: 'Filters' }).click();
  await page.getByLabel('Filter by title').fill('launch');
  await expect(page.getByRole('button', { name: 'Filters (1)' })).toBeVisible();
  await expectAccessible(page, 'board on a phone');
  await team.context.close();
});

test('six columns at 1,440 px show that the board scrolls sideways, and a button scrolls it', async ({
  browser,
  baseURL,
}) => {
  const stamp = Date.now().toString(36);
  const owner = { name: 'Wade Wide', email: `wade.${stamp}@wide.test`, password: 'wade-wide-password-1' };
  const rest = await api(baseURL as string, owner, true);
  const workspace = await json<{ id: string }>(rest, 'post', '/api/workspaces', { name: `Wide Agency ${stamp}` });
  const project = await json<{ id: string }>(rest, 'post', `/api/workspaces/${workspace.id}/projects`, {
    name: `Wide board ${stamp}`,
  });
  await json(rest, 'post', `/api/projects/${project.id}/items`, { title: 'A first task' });

  const wade = await signedIn(browser, owner, { width: 1440, height: 900 });
  const { page } = wade;
  await page.goto(`/p/${project.id}/settings`);
  await page.getByRole('button', { name: 'Add a status' }).click();
  await page.getByRole('button', { name: 'Save workflow' }).click();
  await expect(page.getByText('Saved — everyone’s board follows.')).toBeVisible();
  await page.goto(`/p/${project.id}`);

  const board = page.getByTestId('board');
  await expect(board.locator('.column')).toHaveCount(6);
  expect(await board.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
  // The scrollbar is drawn in colours, not left to an overlay that hides until scrolled.
  expect(await board.evaluate((element) => getComputedStyle(element).scrollbarColor)).not.toBe('auto');
  const scroller = page.getByTestId('board-scroller');
  await expect(scroller).toHaveClass(/more-after/);
  await expect(scroller).not.toHaveClass(/more-before/);
  await expect(page.getByTitle('Scroll to earlier columns')).toHaveCount(0);

  await page.getByTitle('Scroll to later columns').click();
  await expect(scroller).toHaveClass(/more-before/);
  await expect(page.getByTitle('Scroll to earlier columns')).toBeVisible();
  expect(await board.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
  await expectAccessible(page, 'wide board');
  await wade.context.close();
  await rest.dispose();
});
