/**
 * The customer loses the network, edits and comments, reloads with no network (the service worker
 * serves the app, IndexedDB the project), and comes back: the team sees everything, and the save
 * indicator tells the truth at each step.
 */
import { expect, test } from '@playwright/test';
import { expectUncovered } from '../support/layout.ts';
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
  // What the person did, not how many updates it took.
  await expect(saveState).toHaveText('Offline — edits to 1 item and 1 message kept on this device');

  await client.page.reload();
  await expect(client.page.getByTestId('item-panel').locator('.ProseMirror')).toContainText('Logo attached offline.');
  await expect(client.page.getByTestId('clientThread')).toContainText('Fonts follow tomorrow (written offline).');
  await expect(client.page.getByTestId('save-state')).toHaveText(
    'Offline — edits to 1 item and 1 message kept on this device',
  );

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

test('work done offline on an item unshared meanwhile is named, never called saved, and nothing covers it', async ({
  browser,
}) => {
  const title = `Press kit ${Date.now().toString(36)}`;
  const team = await signedIn(browser, provider);
  const client = await signedIn(browser, customer);
  await openProject(team.page);
  await team.page.getByLabel('New item title').fill(title);
  await team.page.getByLabel('Share with Acme Corp').check();
  await team.page.getByRole('button', { name: 'Add', exact: true }).click();
  await openProject(client.page);
  await card(client.page, title).getByRole('link', { name: title }).click();
  await expect(client.page.getByTestId('item-panel').getByRole('heading', { name: title })).toBeVisible();
  await client.page.waitForFunction(async () => {
    await navigator.serviceWorker.ready;
    return navigator.serviceWorker.controller !== null;
  });

  // One sentence and one message, written on the train.
  await client.context.setOffline(true);
  const saveState = client.page.getByTestId('save-state');
  await expect(saveState).toContainText('Offline');
  const panel = client.page.getByTestId('item-panel');
  await panel.locator('.ProseMirror').click();
  await client.page.keyboard.type('Words written on the train');
  await panel.getByTestId('clientThread').getByRole('textbox').fill('Sent from the train.');
  await panel.getByTestId('clientThread').getByRole('button', { name: 'Send' }).click();
  await expect(saveState).toHaveText('Offline — edits to 1 item and 1 message kept on this device');
  // The page is reloaded without a network: the app opens from the device.
  await client.page.reload();
  await expect(client.page.getByText('Working offline')).toBeVisible();
  await expect(saveState).toHaveText('Offline — edits to 1 item and 1 message kept on this device');

  // Meanwhile the team stops sharing the item.
  await card(team.page, title).getByRole('button', { name: 'Unshare' }).click();
  await team.page.getByRole('dialog').getByRole('button', { name: 'Stop sharing' }).click();
  await expect(card(team.page, title)).toContainText('Internal');

  await client.context.setOffline(false);
  const notice = client.page.getByRole('alert').filter({ hasText: 'could not be saved' });
  await expect(notice).toContainText(`Your edits to “${title}” and 1 message could not be saved.`);
  await expect(notice).toContainText('no longer have access');
  // The top bar agrees with the banner: not "Saved", and no longer offline.
  await expect(saveState).toHaveText('Not saved — edits to 1 item and 1 message');
  await expect(client.page.getByText('Working offline')).toHaveCount(0);
  await notice.getByText('Show the text on this device').click();
  await expect(notice.getByRole('textbox', { name: 'Your unsaved text' })).toHaveValue(/Words written on the train/);

  // The banner does not cover the panel: its message and close button are on top, and so are the banner's buttons.
  const gone = panel.getByRole('heading', { name: 'This item is no longer shared with you' });
  await expectUncovered(gone);
  await expectUncovered(panel.getByRole('link', { name: 'Close the panel' }));
  await expectUncovered(notice.getByRole('button', { name: 'Discard my changes and reload' }));

  // Nothing of it reached the server: the team's copy does not have it.
  await card(team.page, title).getByRole('link', { name: title }).click();
  await expect(team.page.getByTestId('item-panel').locator('.ProseMirror')).toBeVisible();
  await expect(team.page.getByTestId('item-panel')).not.toContainText('Words written on the train');
  await expect(team.page.getByTestId('clientThread')).not.toContainText('Sent from the train.');

  await notice.getByRole('button', { name: 'Discard my changes and reload' }).click();
  await expect(client.page.getByRole('alert').filter({ hasText: 'could not be saved' })).toHaveCount(0);
  await expect(saveState).toHaveText('Saved');

  await client.context.close();
  await team.context.close();
});
