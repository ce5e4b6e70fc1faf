/**
 * A customer who works with two providers (or in several projects) gets one "Waiting on you" list
 * across all of them, most urgent first, each row naming its project — set up through the REST API
 * the way a second provider would, then seen in the browser.
 */
import { expect, test } from '@playwright/test';
import { api, json } from '../support/api.ts';
import { customer, expectAccessible, screenshot, signedIn } from '../support/people.ts';

test('one Waiting-on-you list across two providers, most urgent first', async ({ browser, baseURL }, testInfo) => {
  const base = baseURL as string;
  const stamp = Date.now().toString(36);
  // A second provider, with its own workspace, customer and project.
  const other = await api(
    base,
    { name: 'Olive Other', email: `olive.${stamp}@other.test`, password: 'olive-password-1' },
    true,
  );
  const workspace = await json<{ id: string }>(other, 'post', '/api/workspaces', { name: `Other Agency ${stamp}` });
  const acme = await json<{ id: string }>(other, 'post', `/api/workspaces/${workspace.id}/customers`, {
    name: 'Acme Corp',
  });
  const project = await json<{ id: string }>(other, 'post', `/api/workspaces/${workspace.id}/projects`, {
    name: `Brand book ${stamp}`,
    customerId: acme.id,
  });
  const yesterday = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  await json(other, 'post', `/api/projects/${project.id}/items`, {
    title: `Sign the brand contract ${stamp}`,
    status: 'waiting-on-customer',
    dueDate: yesterday,
    shared: true,
  });
  await json(other, 'post', `/api/projects/${project.id}/items`, {
    title: `Internal pricing ${stamp}`,
    status: 'waiting-on-customer',
    shared: false,
  });
  const invite = await json<{ token: string }>(other, 'post', `/api/workspaces/${workspace.id}/invites`, {
    projectId: project.id,
    role: 'collaborator',
  });
  // The customer, already an Atrium user, accepts while signed in.
  const casey = await api(base, customer);
  await json(casey, 'post', `/api/invites/${invite.token}/accept`, {});

  const client = await signedIn(browser, customer);
  const list = client.page.getByTestId('waiting-list');
  await expect(list).toContainText(`Sign the brand contract ${stamp}`);
  await expect(list).toContainText('Approve homepage wireframes');
  await expect(list).not.toContainText(`Internal pricing ${stamp}`);
  const rows = list.getByRole('listitem');
  // Overdue rows come first, and each row names its project and provider.
  await expect(rows.first()).toContainText('Overdue');
  const contract = rows.filter({ hasText: `Sign the brand contract ${stamp}` });
  await expect(contract).toContainText(`Brand book ${stamp} (Other Agency ${stamp})`);
  await expect(contract).toContainText('Overdue');
  await expectAccessible(client.page, 'waiting on you across providers');
  await screenshot(client.page, testInfo, 'waiting-on-you-two-providers');

  // The action at hand works from the list: the customer hands the contract back to the provider.
  await contract.getByRole('button', { name: 'Done — back to the team' }).click();
  await expect(list).not.toContainText(`Sign the brand contract ${stamp}`);

  await other.dispose();
  await casey.dispose();
  await client.context.close();
});
