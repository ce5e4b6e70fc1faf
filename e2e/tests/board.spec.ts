/** Dragging a card to another column moves it for everyone: the customer sees it move live. */
import { expect, test } from '@playwright/test';
import { api, json } from '../support/api.ts';
import {
  card,
  column,
  customer,
  dragCard,
  expectAccessible,
  openProject,
  provider,
  signedIn,
} from '../support/people.ts';

test('a card dragged to another column moves on the other side too', async ({ browser }) => {
  const team = await signedIn(browser, provider);
  const client = await signedIn(browser, customer);
  await openProject(team.page);
  await openProject(client.page);
  await expect(column(client.page, 'To do')).toContainText('Confirm launch date');

  await dragCard(team.page, 'Confirm launch date', 'In progress');
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

test('a long column opens with its first cards, fills as it is scrolled, and shows a card added to it', async ({
  browser,
  baseURL,
}) => {
  const stamp = Date.now().toString(36);
  const owner = { name: 'Lena Long', email: `lena.${stamp}@long.test`, password: 'lena-long-password-1' };
  const rest = await api(baseURL as string, owner, true);
  const workspace = await json<{ id: string }>(rest, 'post', '/api/workspaces', { name: `Long Agency ${stamp}` });
  const project = await json<{ id: string }>(rest, 'post', `/api/workspaces/${workspace.id}/projects`, {
    name: `Backlog ${stamp}`,
  });
  const total = 45;
  for (let i = 1; i <= total; i++) {
    await json(rest, 'post', `/api/projects/${project.id}/items`, {
      title: `Backlog item ${String(i).padStart(2, '0')}`,
    });
  }

  const lena = await signedIn(browser, owner);
  await lena.page.goto(`/p/${project.id}`);
  const todo = column(lena.page, 'To do');
  await expect(todo.locator('.count')).toHaveText(`${total} items`);
  await expect(todo.getByTestId('item-card')).toHaveCount(20);
  await expect(card(lena.page, 'Backlog item 20')).toBeVisible();
  await expect(card(lena.page, 'Backlog item 21')).toHaveCount(0);
  const more = todo.getByRole('button', { name: /Show 25 more of 25/ });
  await expect(more).toBeVisible();

  // Scrolling down fills the column; nothing is left behind a button.
  await more.scrollIntoViewIfNeeded();
  await expect(todo.getByTestId('item-card')).toHaveCount(total);
  await expect(todo.getByRole('button', { name: /Show \d+ more/ })).toHaveCount(0);
  await expect(card(lena.page, 'Backlog item 45')).toBeVisible();

  // A card added to a long column lands at its end, past the first twenty, and is shown at once.
  await lena.page.reload();
  await expect(todo.getByTestId('item-card')).toHaveCount(20);
  await lena.page.getByLabel('New item title').fill('Fresh idea');
  await lena.page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(todo.locator('.count')).toHaveText(`${total + 1} items`);
  await expect(card(lena.page, 'Fresh idea')).toBeVisible();
  await expectAccessible(lena.page, 'board with a long column');

  await lena.context.close();
  await rest.dispose();
});
