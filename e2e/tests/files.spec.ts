/**
 * Files on a task, both sides at once: the customer attaches a file to a shared task and the team
 * sees it arrive and opens it; the team keeps an internal file the customer never receives — not
 * on the page, not over the socket, not by its address.
 */
import { expect, test } from '@playwright/test';
import { card, customer, expectAccessible, openProject, provider, screenshot, signedIn } from '../support/people.ts';

const title = 'Send brand assets (logo, fonts)';

test('a customer attaches a file to a shared task; the team’s internal file stays internal', async ({
  browser,
}, testInfo) => {
  const stamp = Date.now().toString(36);
  const team = await signedIn(browser, provider);
  const client = await signedIn(browser, customer);
  for (const person of [team, client]) {
    await openProject(person.page);
    await card(person.page, title).getByRole('link', { name: title }).click();
  }
  const customerFiles = client.page.getByTestId('attachments-shared');
  const teamFiles = team.page.getByTestId('attachments-shared');

  await customerFiles
    .getByText('Attach files')
    .locator('input[type=file]')
    .setInputFiles({
      name: `fonts-${stamp}.txt`,
      mimeType: 'text/plain',
      buffer: Buffer.from('Inter, Source Serif'),
    });
  await expect(customerFiles.getByRole('link', { name: `fonts-${stamp}.txt` })).toBeVisible();
  await expect(teamFiles.getByRole('link', { name: `fonts-${stamp}.txt` })).toBeVisible();
  const href = await teamFiles.getByRole('link', { name: `fonts-${stamp}.txt` }).getAttribute('href');
  const download = await team.page.request.get(href ?? '');
  expect(await download.text()).toBe('Inter, Source Serif');

  // The team's internal file: listed under the internal column only.
  const secret = `pricing-${stamp}.txt`;
  await team.page
    .getByTestId('attachments-internal')
    .getByText('Attach files')
    .locator('input[type=file]')
    .setInputFiles({
      name: secret,
      mimeType: 'text/plain',
      buffer: Buffer.from('INTERNAL margin 12%'),
    });
  const internalLink = team.page.getByTestId('attachments-internal').getByRole('link', { name: secret });
  await expect(internalLink).toBeVisible();
  await screenshot(team.page, testInfo, 'task-files-team');
  await screenshot(client.page, testInfo, 'task-files-customer');
  const internalHref = (await internalLink.getAttribute('href')) ?? '';
  expect((await client.page.request.get(internalHref)).status()).toBe(404);
  await client.page.waitForTimeout(500);
  await expect(client.page.getByTestId('item-panel')).not.toContainText(secret);
  expect(client.frames.some((frame) => frame.includes(secret))).toBe(false);

  // A customer removes only what they attached.
  await expect(customerFiles.getByRole('button', { name: `Remove fonts-${stamp}.txt` })).toBeVisible();
  await customerFiles.getByRole('button', { name: `Remove fonts-${stamp}.txt` }).click();
  await client.page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  await expect(teamFiles.getByRole('link', { name: `fonts-${stamp}.txt` })).toHaveCount(0);
  await expectAccessible(team.page, 'task panel with files');
  await expectAccessible(client.page, 'task panel with files (customer)');

  await team.context.close();
  await client.context.close();
});
