/** Dragging a card to another column moves it for everyone: the customer sees it move live. */
import { expect, type Page, test } from '@playwright/test';
import { card, column, customer, expectAccessible, openProject, provider, signedIn } from '../support/people.ts';

async function drag(page: Page, title: string, toColumn: string) {
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

test('a card dragged to another column moves on the other side too', async ({ browser }) => {
  const team = await signedIn(browser, provider);
  const client = await signedIn(browser, customer);
  await openProject(team.page);
  await openProject(client.page);
  await expect(column(client.page, 'To do')).toContainText('Confirm launch date');

  await drag(team.page, 'Confirm launch date', 'In progress');
  await expect(column(team.page, 'In progress')).toContainText('Confirm launch date');
  await expect(column(client.page, 'In progress')).toContainText('Confirm launch date');
  await expect(column(client.page, 'To do')).not.toContainText('Confirm launch date');
  await expect(team.page.getByTestId('save-state')).toHaveText('Saved');

  // Back by keyboard: pick up with Space, move with arrows, drop with Space.
  const handle = card(team.page, 'Confirm launch date').getByRole('button', { name: 'Move Confirm launch date' });
  await handle.focus();
  for (const key of ['Space', 'ArrowLeft', 'Space']) {
    await team.page.keyboard.press(key);
    // dnd-kit animates each keyboard step; the next key acts on where the card is now.
    await team.page.waitForTimeout(300);
  }
  await expect(column(team.page, 'To do')).toContainText('Confirm launch date');
  await expect(column(client.page, 'To do')).toContainText('Confirm launch date');
  await expectAccessible(team.page, 'board after moves');

  await team.context.close();
  await client.context.close();
});
