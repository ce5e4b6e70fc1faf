/**
 * A customer on the board: only cards they may move somewhere have a drag handle, and a drag to a
 * column their workflow does not allow is announced as refused — and the card stays.
 */
import { expect, type Page, test } from '@playwright/test';
import { card, column, customer, dragCard, openProject, signedIn } from '../support/people.ts';

const title = 'Send brand assets (logo, fonts)';

/** What dnd-kit's live region says to a screen reader now. */
const announcement = (page: Page) => page.locator('[id^="DndLiveRegion"]');

test('a customer gets a drag handle only where a move is allowed, and a refused move says so', async ({ browser }) => {
  const client = await signedIn(browser, customer);
  const { page } = client;
  await openProject(page);

  // Done and To do have no customer move in the demo workflow; Waiting on customer → In progress does.
  await expect(card(page, 'Kick-off workshop')).toBeVisible();
  await expect(card(page, 'Kick-off workshop').getByRole('button', { name: /^Move / })).toHaveCount(0);
  await expect(card(page, 'Confirm launch date').getByRole('button', { name: /^Move / })).toHaveCount(0);
  const handle = card(page, title).getByRole('button', { name: `Move ${title}` });
  await expect(handle).toBeVisible();

  // By keyboard: pick up, one column right (In review, not allowed), drop.
  await handle.focus();
  // Picking up is announced, then at once where the card is over.
  for (const [key, said] of [
    ['Space', `${title} is over Waiting on customer.`],
    ['ArrowRight', `${title} is over In review, where it cannot be moved.`],
    ['Space', `${title} cannot be moved to In review; it stays in Waiting on customer.`],
  ] as const) {
    await page.keyboard.press(key);
    await expect(announcement(page)).toHaveText(said);
    // dnd-kit animates each keyboard step; the next key acts on where the card is now.
    await page.waitForTimeout(300);
  }
  await expect(column(page, 'Waiting on customer')).toContainText(title);
  await expect(column(page, 'In review')).not.toContainText(title);

  // By mouse, to Done: refused the same way.
  await dragCard(page, title, 'Done');
  await expect(announcement(page)).toHaveText(`${title} cannot be moved to Done; it stays in Waiting on customer.`);
  await expect(column(page, 'Waiting on customer')).toContainText(title);
  await expect(column(page, 'Done')).not.toContainText(title);

  await client.context.close();
});
