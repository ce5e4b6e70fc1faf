/**
 * The team assigns work to one of the customer's people, and follows its promises: with the team
 * member and the customer's collaborator in two browsers at once, the team assigns a shared task to
 * the customer (an internal task cannot be), the customer's "Waiting on you" shows it under
 * "Assigned to you" without a reload; then a request raised through the API is answered in the
 * client thread, and the team's SLA report counts it — per project and per customer organisation.
 */
import { expect, test } from '@playwright/test';
import { api, json } from '../support/api.ts';
import { freshProject } from '../support/freshProject.ts';
import { expectAccessible, screenshot, signedIn } from '../support/people.ts';

test('a shared task assigned to the customer waits on them; the SLA report counts an answered request', async ({
  browser,
  baseURL,
}, testInfo) => {
  const base = baseURL as string;
  const fresh = await freshProject(base, 'Assign');
  const stamp = Date.now().toString(36);
  const dana = { name: `Dana Client ${stamp}`, email: `dana.${stamp}@client.test`, password: `dana-password-${stamp}` };
  const danaRest = await api(base, dana, true);
  const invite = await json<{ token: string }>(fresh.rest, 'post', `/api/workspaces/${fresh.workspaceId}/invites`, {
    projectId: fresh.projectId,
    role: 'collaborator',
  });
  await json(danaRest, 'post', `/api/invites/${invite.token}/accept`, {});
  await json(fresh.rest, 'post', `/api/projects/${fresh.projectId}/items`, {
    title: `Send the logo files ${stamp}`,
    shared: true,
  });
  await json(fresh.rest, 'post', `/api/projects/${fresh.projectId}/items`, {
    title: `Internal budget check ${stamp}`,
    shared: false,
  });

  const team = await signedIn(browser, fresh.owner);
  const client = await signedIn(browser, dana);
  await expect(client.page.getByRole('heading', { name: 'Waiting on you' })).toBeVisible();
  await expect(client.page.getByText('Nothing is waiting on you right now.')).toBeVisible();

  // An internal task: the customer is listed but cannot be chosen.
  // (Navigating inside the app, without reloading, so the plan replica is the one this page synced.)
  await team.page.getByTestId('project-card').first().click();
  await expect(team.page.getByTestId('save-state')).toHaveText('Saved');
  await team.page.getByRole('link', { name: `Internal budget check ${stamp}` }).click();
  const assignee = team.page.getByTestId('item-panel').getByLabel('Assignee');
  await expect(assignee.locator('option', { hasText: dana.name })).toBeDisabled();

  // The shared task: the team assigns it to Dana.
  await team.page.getByRole('link', { name: `Send the logo files ${stamp}` }).click();
  await expect(assignee.locator('option', { hasText: dana.name })).toBeEnabled();
  await assignee.selectOption({ label: dana.name });
  await expect(team.page.getByTestId('save-state')).toHaveText('Saved');
  await screenshot(team.page, testInfo, 'assign-to-customer-team');

  // Dana's home shows it at once, under "Assigned to you" — and nothing of the internal task.
  const assigned = client.page.getByTestId('assigned-to-you');
  await expect(assigned).toContainText(`Send the logo files ${stamp}`);
  await expect(client.page.getByTestId('waiting-list')).not.toContainText(`Internal budget check ${stamp}`);
  await expect(client.page.getByText('1 thing needs you.')).toBeVisible();
  await expectAccessible(client.page, 'waiting on you with an assignment');
  await screenshot(client.page, testInfo, 'assign-to-customer-waiting-on-you');
  // …and on the project's own page.
  await assigned.getByRole('link', { name: `Send the logo files ${stamp}` }).click();
  await expect(client.page.getByTestId('assigned-to-you')).toContainText(`Send the logo files ${stamp}`);

  // A request raised through the API, answered by the team in the client thread.
  const raised = await json<{ id: string }>(danaRest, 'post', `/api/projects/${fresh.projectId}/requests`, {
    type: 'question',
    title: `Which logo format? ${stamp}`,
    body: 'SVG or PNG?',
    priority: 'high',
  });
  await team.page.goto(`/p/${fresh.projectId}/i/${raised.id}`);
  const message = team.page.getByLabel(`Message to Client thread — with ${fresh.customerName}`);
  await message.fill('SVG, please — we will convert the rest.');
  await message.press('Enter');
  await expect(team.page.getByTestId('save-state')).toHaveText('Saved');

  // The project's SLA report, from the project page: one request, its first response met.
  await team.page.goto(`/p/${fresh.projectId}`);
  await team.page.getByRole('link', { name: 'SLA report' }).click();
  await expect(team.page.getByRole('heading', { level: 1 })).toContainText('SLA report');
  const firstResponse = team.page.getByTestId('sla-figures').getByRole('row', { name: /First response/ });
  await expect(firstResponse.getByRole('cell').nth(0)).toHaveText('1');
  await expect(firstResponse.getByRole('cell').nth(1)).toHaveText('0');
  await expect(firstResponse.getByRole('cell').nth(3)).toHaveText('100%');
  const resolution = team.page.getByTestId('sla-figures').getByRole('row', { name: /Resolution/ });
  await expect(resolution.getByRole('cell').nth(2)).toHaveText('1');
  await expect(team.page.getByTestId('sla-summary')).toContainText('1 request raised');
  await expect(team.page.locator('.report-chart .recharts-bar-rectangle').first()).toBeVisible();
  await expectAccessible(team.page, 'SLA report');
  await screenshot(team.page, testInfo, 'sla-report-project');

  // The customer organisation's report, from the workspace on Home.
  await team.page.goto('/');
  await expect(team.page.getByTestId('project-card').first()).toBeVisible();
  await screenshot(team.page, testInfo, 'home-with-sla-report-link');
  await team.page.getByRole('link', { name: 'SLA report' }).first().click();
  await team.page.getByLabel('Customer').selectOption({ label: fresh.customerName });
  await expect(team.page.getByRole('heading', { level: 1 })).toHaveText(`SLA report · ${fresh.customerName}`);
  await expect(team.page.getByTestId('sla-summary')).toContainText('1 request raised');
  await screenshot(team.page, testInfo, 'sla-report-customer');

  // The customer does not get the report.
  await client.page.goto(`/p/${fresh.projectId}/sla`);
  await expect(client.page.getByRole('heading', { name: 'SLA report not available' })).toBeVisible();

  await danaRest.dispose();
  await fresh.rest.dispose();
  await team.context.close();
  await client.context.close();
});
