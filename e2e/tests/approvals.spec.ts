/**
 * A deliverable's sign-off has one source of truth. The customer approves or asks for changes from
 * "Waiting on you" while the team watches the deliverable: both go through the approval action, so
 * the deliverable, the audit trail and the board agree; asking for changes needs a comment; a
 * deliverable never submitted offers no "Approve". And "done" is what a status means, not where its
 * column stands: adding a column after Done leaves progress as it was.
 */
import { expect, test } from '@playwright/test';
import { api, json } from '../support/api.ts';
import { customer, expectAccessible, provider, screenshot, signedIn } from '../support/people.ts';

test('the customer decides from Waiting on you; the team sees the same decision on the deliverable', async ({
  browser,
  baseURL,
}, testInfo) => {
  const base = baseURL as string;
  const stamp = Date.now().toString(36);
  const pat = await api(base, provider);
  const me = await json<{ projects: Array<{ id: string; name: string }> }>(pat, 'get', '/api/me');
  const projectId = me.projects.find((p) => p.name === 'Website relaunch')?.id as string;
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const logo = await json<{ id: string }>(pat, 'post', `/api/projects/${projectId}/items`, {
    kind: 'deliverable',
    title: `Logo concepts ${stamp}`,
    status: 'in-progress',
    dueDate: tomorrow,
    shared: true,
  });
  await json(pat, 'post', `/api/projects/${projectId}/items/${logo.id}/approval/submit`);
  // Put in review by hand, never submitted: nothing to approve, so it does not wait on the customer.
  await json(pat, 'post', `/api/projects/${projectId}/items`, {
    kind: 'deliverable',
    title: `Sitemap draft ${stamp}`,
    status: 'in-review',
    shared: true,
  });

  const team = await signedIn(browser, provider);
  const client = await signedIn(browser, customer);
  await team.page.goto(`/p/${projectId}/d/${logo.id}`);
  const teamApproval = team.page.getByTestId('approval');
  await expect(teamApproval).toContainText('Waiting for Acme Corp’s approval');
  // When, as people say it, with the exact time on hover.
  await expect(teamApproval.locator('time')).toHaveText(/just now|minute/);
  await expect(teamApproval.locator('time')).toHaveAttribute('title', /\d/);

  const list = client.page.getByTestId('waiting-list');
  const logoRow = list.getByRole('listitem').filter({ hasText: `Logo concepts ${stamp}` });
  const sitemapRow = list.getByRole('listitem').filter({ hasText: `Sitemap draft ${stamp}` });
  await expect(logoRow.getByRole('button', { name: `Approve Logo concepts ${stamp}` })).toBeVisible();
  // In review by hand but never submitted: nothing waits on the customer there.
  await expect(sitemapRow).toHaveCount(0);

  // Asking for changes needs words: the send button waits for them.
  await logoRow.getByRole('button', { name: `Request changes to Logo concepts ${stamp}` }).click();
  const form = logoRow.getByRole('form', { name: `Request changes to Logo concepts ${stamp}` });
  const send = form.getByRole('button', { name: 'Send request for changes' });
  await expect(send).toBeDisabled();
  await form.getByLabel('What should change?').fill('A warmer orange, please.');
  await send.click();
  await expect(list).not.toContainText(`Logo concepts ${stamp}`);
  await expect(teamApproval).toContainText(`Changes requested by ${customer.name}`);
  await expect(teamApproval).toContainText('A warmer orange, please.');

  // The team submits again from the deliverable; the customer approves from the list.
  await team.page.getByRole('button', { name: 'Submit again for approval' }).click();
  await expect(teamApproval).toContainText('Waiting for Acme Corp’s approval');
  await expectAccessible(client.page, 'waiting on you with an approval');
  await screenshot(client.page, testInfo, 'waiting-on-you-approval');
  await logoRow.getByRole('button', { name: `Approve Logo concepts ${stamp}` }).click();
  await expect(teamApproval).toContainText(`Approved by ${customer.name}`);
  await expect(list).not.toContainText(`Logo concepts ${stamp}`);

  // The board follows the record, and the audit log has both decisions.
  await team.page.goto(`/p/${projectId}/i/${logo.id}`);
  const panel = team.page.getByTestId('item-panel');
  await expect(panel.getByLabel('Status')).toHaveValue('done');
  await expect(panel.getByTestId('approval')).toContainText(`Approved by ${customer.name}`);
  const me2 = await json<{ workspaces: Array<{ id: string }> }>(pat, 'get', '/api/me');
  const workspaceId = me2.workspaces[0]?.id as string;
  for (const action of ['item.changes_requested', 'item.approved']) {
    const entries = await json<Array<{ targetId: string }>>(
      pat,
      'get',
      `/api/workspaces/${workspaceId}/audit?action=${action}`,
    );
    expect(entries.filter((entry) => entry.targetId === logo.id)).toHaveLength(1);
  }

  // A customer cannot approve by moving the card: the server says how instead.
  const casey = await api(base, customer);
  const moved = await casey.put(`/api/projects/${projectId}/items/${logo.id}/status`, {
    data: { status: 'in-progress' },
  });
  expect(moved.status()).toBe(403);
  expect((await moved.json()).error.message).toMatch(/approve it or ask for changes/);

  await pat.dispose();
  await casey.dispose();
  await team.context.close();
  await client.context.close();
});

test('a column added after Done is not "done": progress stays as it was', async ({ browser, baseURL }) => {
  const base = baseURL as string;
  const stamp = Date.now().toString(36);
  const pat = await api(base, provider);
  const me = await json<{ workspaces: Array<{ id: string }> }>(pat, 'get', '/api/me');
  const workspaceId = me.workspaces[0]?.id as string;
  const customers = await json<Array<{ id: string; name: string }>>(
    pat,
    'get',
    `/api/workspaces/${workspaceId}/customers`,
  );
  const project = await json<{ id: string }>(pat, 'post', `/api/workspaces/${workspaceId}/projects`, {
    name: `Progress ${stamp}`,
    customerId: customers[0]?.id,
  });
  for (const [title, status] of [
    ['First', 'done'],
    ['Second', 'done'],
    ['Third', 'in-progress'],
  ] as const)
    await json(pat, 'post', `/api/projects/${project.id}/items`, { title: `${title} ${stamp}`, status });

  const team = await signedIn(browser, provider);
  const projectCard = team.page.getByTestId('project-card').filter({ hasText: `Progress ${stamp}` });
  await expect(projectCard).toContainText('2/3 done');

  await team.page.goto(`/p/${project.id}/settings`);
  await team.page.getByRole('button', { name: 'Add a status' }).click();
  const names = team.page.getByLabel(/^Name of status/);
  await names.last().fill('Archived');
  await expect(team.page.getByLabel('What Archived means')).toHaveValue('in_progress');
  await team.page.getByRole('button', { name: 'Save workflow' }).click();
  await expect(team.page.getByText('Saved — everyone’s board follows.')).toBeVisible();

  await team.page.goto('/');
  await expect(projectCard).toContainText('2/3 done');
  await expect(projectCard).not.toContainText('overdue');

  await pat.dispose();
  await team.context.close();
});
