/**
 * The customer loses the network, edits and comments, reloads with no network (the service worker
 * serves the app, IndexedDB the project), and comes back: the team sees everything, and the save
 * indicator tells the truth at each step.
 */
import { expect, test } from '@playwright/test';
import { card, customer, openProject, provider, signedIn } from '../support/people.ts';

test('offline edits survive a reload and reach the team on return', async ({ browser }) => {
  const title = 'Send brand assets (logo, fonts)';
  const client = await signedIn(browser, customer);
  await openProject(client.page);
  await card(client.page, title).getByRole('link', { name: title }).click();
  const panel = client.page.getByTestId('item-panel');
  await expect(panel.locator('.ProseMirror')).toContainText('We need the logo');
  // The service worker must control the page before the network goes away.
  await client.page.waitForFunction(async () => {
    await navigator.serviceWorker.ready;
    return navigator.serviceWorker.controller !== null;
  });

  await client.context.setOffline(true);
  const saveState = client.page.getByTestId('save-state');
  await expect(saveState).toContainText('Offline');
  await panel.locator('.ProseMirror').click();
  await client.page.keyboard.press('End');
  await client.page.keyboard.type(' Logo attached offline.');
  await panel.getByTestId('clientThread').getByRole('textbox').fill('Fonts follow tomorrow (written offline).');
  await panel.getByTestId('clientThread').getByRole('button', { name: 'Send' }).click();
  await expect(saveState).toContainText(/Offline — \d+ changes? kept on this device/);

  await client.page.reload();
  await expect(client.page.getByTestId('item-panel').locator('.ProseMirror')).toContainText('Logo attached offline.');
  await expect(client.page.getByTestId('clientThread')).toContainText('Fonts follow tomorrow (written offline).');
  await expect(client.page.getByTestId('save-state')).toContainText(/Offline — \d+ changes? kept on this device/);

  await client.context.setOffline(false);
  await expect(client.page.getByTestId('save-state')).toHaveText('Saved', { timeout: 20_000 });

  const team = await signedIn(browser, provider);
  await openProject(team.page);
  await card(team.page, title).getByRole('link', { name: title }).click();
  await expect(team.page.getByTestId('item-panel').locator('.ProseMirror')).toContainText('Logo attached offline.');
  await expect(team.page.getByTestId('clientThread')).toContainText('Fonts follow tomorrow (written offline).');

  await client.context.close();
  await team.context.close();
});
