/**
 * Titles and the words around them: a blank title is refused in a sentence, a title over the limit
 * is kept whole with the limit shown (never cut), long words wrap inside cards and the panel, an
 * internal item's attachments say when the customer will see them, and a link to an item that never
 * existed says so rather than "someone removed it".
 */
import { expect, test } from '@playwright/test';
import { json } from '../support/api.ts';
import { freshProject } from '../support/freshProject.ts';
import { card, expectAccessible, signedIn } from '../support/people.ts';

test('titles: refused in words, never cut short, and long words wrap', async ({ browser, baseURL }) => {
  const fresh = await freshProject(baseURL as string, 'Titles');
  const person = await signedIn(browser, fresh.owner);
  const { page } = person;
  await page.goto(`/p/${fresh.projectId}`);
  const title = page.getByLabel('New item title');
  const add = page.getByRole('button', { name: 'Add', exact: true });

  await title.fill('   ');
  await add.click();
  await expect(page.getByRole('alert')).toHaveText("Title can't be empty.");

  const long = 'A title that goes on and on '.repeat(26).slice(0, 720);
  await title.fill(long);
  await expect(title).toHaveValue(long);
  await expect(page.getByText('Too long: 720 characters, at most 200. Shorten it by 520.')).toBeVisible();
  await add.click();
  await expect(page.getByTestId('item-card')).toHaveCount(0);

  const word = `Pneumonoultramicroscopicsilicovolcanoconiosis${'X'.repeat(40)}`;
  await title.fill(word);
  await expect(page.getByText(/Too long/)).toHaveCount(0);
  await add.click();
  const added = card(page, word);
  await expect(added).toBeVisible();
  const fits = (element: Element) => element.scrollWidth <= element.clientWidth;
  expect(await added.evaluate(fits)).toBe(true);
  expect(await page.locator('.column').first().evaluate(fits)).toBe(true);

  await added.getByRole('link').click();
  const field = page.getByRole('textbox', { name: 'Title', exact: true });
  await expect(field).toHaveValue(word);
  expect(await field.evaluate(fits)).toBe(true);
  // Over the limit in the panel: kept in the field with the message, and not saved.
  await field.fill(`${word} ${'and more '.repeat(20)}`);
  await expect(page.getByTestId('item-panel').getByText(/^Too long: \d+ characters, at most 200/)).toBeVisible();
  await field.blur();
  await expect(card(page, word)).toHaveCount(1);
  await expect(page.getByTestId('item-card').first().locator('.card-title')).toHaveText(word);
  await expectAccessible(page, 'panel with a title over the limit');
  await person.context.close();
  await fresh.rest.dispose();
});

test("an internal item's attachments say when the customer sees them; a link to no item says there is none", async ({
  browser,
  baseURL,
}) => {
  const fresh = await freshProject(baseURL as string, 'Copy');
  const item = await json<{ id: string }>(fresh.rest, 'post', `/api/projects/${fresh.projectId}/items`, {
    title: 'Internal notes',
  });
  const person = await signedIn(browser, fresh.owner);
  const { page } = person;
  await page.goto(`/p/${fresh.projectId}/i/${item.id}`);
  await expect(
    page.getByRole('heading', { name: `Attachments — ${fresh.customerName} sees them once the item is shared` }),
  ).toBeVisible();

  await page.goto(`/p/${fresh.projectId}/i/itm_neverexisted`);
  await expect(page.getByRole('heading', { name: 'There is no such item' })).toBeVisible();
  await expect(page.getByText('Someone removed it')).toHaveCount(0);
  await person.context.close();
  await fresh.rest.dispose();
});
