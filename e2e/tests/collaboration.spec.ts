/**
 * The team and the customer working at once, each in their own browser: sharing makes a task
 * appear on the customer's board live, both type in its description and see each other's text and
 * carets, the internal thread never reaches the customer (neither the page nor its WebSocket), and
 * unsharing takes it away again.
 */
import { expect, test } from '@playwright/test';
import { card, customer, expectAccessible, openProject, provider, screenshot, signedIn } from '../support/people.ts';

test('a shared task is worked by both sides live; internal stays internal', async ({ browser }, testInfo) => {
  const marker = `m${Date.now().toString(36)}`;
  const title = `Sitemap ${marker}`;
  const internalText = `INTERNAL-${marker}-margin-is-thin`;
  const team = await signedIn(browser, provider);
  const client = await signedIn(browser, customer);
  await expect(team.page.getByTestId('project-card').first()).toContainText('done');
  await expect(client.page.getByRole('heading', { name: 'Waiting on you' })).toBeVisible();
  await expect(client.page.getByTestId('waiting-list')).toContainText('Approve homepage wireframes');
  await screenshot(team.page, testInfo, 'team-home');
  await screenshot(client.page, testInfo, 'customer-home');
  await expectAccessible(team.page, 'team home');
  await expectAccessible(client.page, 'customer home');
  await openProject(team.page);
  await openProject(client.page);
  // Who is here now: each side sees the other on the project.
  await expect(team.page.getByTestId('presence')).toContainText(customer.name);
  await expect(client.page.getByTestId('presence')).toContainText(provider.name);
  await screenshot(team.page, testInfo, 'team-board');
  await screenshot(client.page, testInfo, 'customer-portal');
  await expectAccessible(team.page, 'team board');
  await expectAccessible(client.page, 'customer portal');

  // The team adds an internal task: marked internal for the team, absent for the customer.
  await team.page.getByLabel('New item title').fill(title);
  await team.page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(card(team.page, title)).toContainText('Internal');

  // Sharing asks first, naming the customer, then the card appears on the customer's board.
  await card(team.page, title).getByRole('button', { name: 'Share with Acme Corp' }).click();
  const dialog = team.page.getByRole('dialog');
  await expect(dialog).toContainText('Share with Acme Corp?');
  await dialog.getByRole('button', { name: 'Share with Acme Corp' }).click();
  await expect(card(client.page, title)).toBeVisible();
  await expect(card(team.page, title)).toContainText('Shared');

  // Both open the task and type in its description.
  await card(team.page, title).getByRole('link', { name: title }).click();
  await card(client.page, title).getByRole('link', { name: title }).click();
  const teamEditor = team.page.getByTestId('item-panel').locator('.ProseMirror');
  const clientEditor = client.page.getByTestId('item-panel').locator('.ProseMirror');
  await teamEditor.click();
  await team.page.keyboard.type('Team wrote this. ');
  await clientEditor.click();
  await client.page.keyboard.press('End');
  await client.page.keyboard.type('Customer wrote that.');
  for (const editor of [teamEditor, clientEditor]) {
    await expect(editor).toContainText('Team wrote this.');
    await expect(editor).toContainText('Customer wrote that.');
  }
  // Each sees the other's caret, with their name.
  await expect(team.page.locator('.collaboration-carets__label', { hasText: customer.name })).toBeVisible();
  await expect(client.page.locator('.collaboration-carets__label', { hasText: provider.name })).toBeVisible();

  // The internal thread is unmistakable for the team, and its messages never reach the customer.
  const internal = team.page.getByTestId('internalThread');
  await expect(internal).toContainText('Internal — not visible to Acme Corp');
  await internal.getByRole('textbox').fill(internalText);
  await internal.getByRole('button', { name: 'Send' }).click();
  await expect(internal).toContainText(internalText);

  // The client thread carries messages both ways.
  const teamClientThread = team.page.getByTestId('clientThread');
  await teamClientThread.getByRole('textbox').fill(`Welcome aboard ${marker}`);
  await teamClientThread.getByRole('button', { name: 'Send' }).click();
  const clientThread = client.page.getByTestId('clientThread');
  await expect(clientThread).toContainText(`Welcome aboard ${marker}`);
  await clientThread.getByRole('textbox').fill(`Looks right to us ${marker}`);
  await clientThread.getByRole('button', { name: 'Send' }).click();
  await expect(team.page.getByTestId('clientThread')).toContainText(`Looks right to us ${marker}`);

  await screenshot(team.page, testInfo, 'team-task-panel');
  await screenshot(client.page, testInfo, 'customer-task-panel');
  await expectAccessible(team.page, 'task panel (team)');
  await expectAccessible(client.page, 'task panel (customer)');

  // What reached the customer: shared content did (so the recording works), the internal text never.
  const received = Buffer.concat(client.frames);
  expect(received.includes(`Welcome aboard ${marker}`)).toBe(true);
  expect(received.includes(title)).toBe(true);
  expect(received.includes(internalText)).toBe(false);
  await expect(client.page.locator('body')).not.toContainText(internalText);
  expect(await client.page.content()).not.toContain(internalText);

  // Unsharing takes it off the customer's board (and out of their open panel) at once.
  await team.page.getByTestId('item-panel').getByRole('button', { name: 'Unshare' }).click();
  await team.page.getByRole('dialog').getByRole('button', { name: 'Stop sharing' }).click();
  await expect(client.page.getByTestId('item-panel')).toContainText('This item is no longer shared with you');
  await expect(card(client.page, title)).toHaveCount(0);
  await expect(card(team.page, title)).toContainText('Internal');
  expect(Buffer.concat(client.frames).includes(internalText)).toBe(false);

  await team.context.close();
  await client.context.close();
});

test('the team previews the project exactly as a customer sees it', async ({ browser }, testInfo) => {
  const team = await signedIn(browser, provider);
  await openProject(team.page);
  await team.page.getByLabel('View as customer').selectOption({ label: customer.name });
  await expect(team.page.getByTestId('preview-banner')).toContainText(`as ${customer.name} sees it`);
  await expect(card(team.page, 'Confirm launch date')).toBeVisible();
  await expect(card(team.page, 'Set up staging server')).toHaveCount(0);
  await expect(card(team.page, 'Content migration plan')).toHaveCount(0);
  await expect(team.page.getByRole('heading', { name: 'Waiting on you' })).toBeVisible();
  await expectAccessible(team.page, 'view as customer');
  await screenshot(team.page, testInfo, 'view-as-customer');
  await team.page.getByRole('link', { name: 'Exit preview' }).click();
  await expect(card(team.page, 'Set up staging server')).toBeVisible();
  await team.context.close();
});
