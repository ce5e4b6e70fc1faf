/**
 * Requests between the team's queue, the customer's home and the SLA settings: a request logged on
 * the customer's behalf three hours late is breached, highlighted and first in the queue; the
 * customer sees their requests under "My requests" with the promised clocks; an admin changes a
 * target and the clock follows on both sides; an invalid time zone shows the server's sentence.
 */
import { type APIRequestContext, expect, type Page, request, test } from '@playwright/test';
import { json } from '../support/api.ts';
import { type FreshProject, freshProject } from '../support/freshProject.ts';
import { expectAccessible, screenshot, signedIn } from '../support/people.ts';

const hour = 3_600_000;

type Setup = FreshProject & {
  customer: { name: string; email: string; password: string };
  customerRest: APIRequestContext;
};

/** A fresh project counting calendar time (the test must not depend on the weekday) and a customer on it. */
async function setUp(baseURL: string, label: string): Promise<Setup> {
  const fresh = await freshProject(baseURL, label);
  const { policy } = await json<{ policy: Record<string, unknown> }>(
    fresh.rest,
    'get',
    `/api/workspaces/${fresh.workspaceId}/sla-policy`,
  );
  const stored = await fresh.rest.put(`/api/workspaces/${fresh.workspaceId}/sla-policy`, {
    data: { policy: { ...policy, hours: 'calendar' } },
  });
  expect(stored.ok(), await stored.text()).toBe(true);
  const invite = await json<{ token: string }>(fresh.rest, 'post', `/api/workspaces/${fresh.workspaceId}/invites`, {
    projectId: fresh.projectId,
    role: 'collaborator',
  });
  const stamp = Date.now().toString(36);
  const customer = { name: `Cora ${label}`, email: `cora.${stamp}@client.test`, password: `cora-password-${stamp}` };
  const customerRest = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  const joined = await customerRest.post(`/api/invites/${invite.token}/accept`, { data: customer });
  expect(joined.ok(), await joined.text()).toBe(true);
  return { ...fresh, customer, customerRest };
}

async function raise(rest: APIRequestContext, projectId: string, data: Record<string, unknown>) {
  return json<{ id: string; number: number }>(rest, 'post', `/api/projects/${projectId}/requests`, {
    body: 'Please have a look.',
    ...data,
  });
}

function queueRow(page: Page, title: string) {
  return page.getByTestId('queue-row').filter({ hasText: title });
}

test('a breached request leads the team’s queue, highlighted; the customer sees theirs with its clock', async ({
  browser,
  baseURL,
}) => {
  const setup = await setUp(baseURL as string, 'Queue');
  const { user } = await json<{ user: { id: string } }>(setup.customerRest, 'get', '/api/me');
  const customerId = user.id;
  await raise(setup.customerRest, setup.projectId, { type: 'question', title: 'Where is the invoice?' });
  await raise(setup.rest, setup.projectId, {
    type: 'complaint',
    title: 'The shop is down',
    priority: 'urgent',
    requestedBy: customerId,
    channel: 'phone',
    receivedAt: Date.now() - 3 * hour,
  });

  const team = await signedIn(browser, setup.owner);
  await team.page.getByRole('link', { name: 'Request queue' }).click();
  await expect(team.page.getByRole('heading', { name: 'Request queue' })).toBeVisible();
  const rows = team.page.getByTestId('queue-row');
  await expect(rows).toHaveCount(2);
  // Urgent first response: one hour, asked three hours ago — breached, and first.
  await expect(rows.first()).toContainText('The shop is down');
  await expect(rows.first()).toHaveAttribute('data-urgency', 'breached');
  await expect(rows.first().locator('[data-level="breached"]').first()).toContainText(/Breached 2h( \d+m)? ago/);
  await expect(rows.first()).toHaveCSS('background-color', 'rgb(254, 242, 242)');
  await expect(queueRow(team.page, 'Where is the invoice?')).toContainText(/7h( \d+m)? left/);
  // Filters narrow the list in place; the address keeps them.
  await team.page.getByLabel('Priority').selectOption('urgent');
  await expect(rows).toHaveCount(1);
  await expect(team.page).toHaveURL(/priority=urgent/);
  await team.page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(rows).toHaveCount(2);
  await expectAccessible(team.page, 'the request queue');
  await screenshot(team.page, test.info(), 'request-queue');
  await expect(queueRow(team.page, 'The shop is down').getByRole('link', { name: 'The shop is down' })).toHaveAttribute(
    'href',
    new RegExp(`/p/${setup.projectId}/r/`),
  );

  const client = await signedIn(browser, setup.customer);
  const mine = client.page.getByTestId('my-requests');
  await expect(client.page.getByRole('heading', { name: 'My requests' })).toBeVisible();
  const question = mine.getByRole('listitem').filter({ hasText: 'Where is the invoice?' });
  await expect(question).toContainText('New');
  await expect(question).toContainText(/First response.*7h( \d+m)? left/);
  // The one the team logged for them is theirs too, and the customer sees its clock breached.
  await expect(mine.getByRole('listitem').filter({ hasText: 'The shop is down' })).toContainText(/Breached .* ago/);
  // The customer never sees the team's routing.
  await expect(mine).not.toContainText('Unassigned');
  await expectAccessible(client.page, 'home with My requests');
  await screenshot(client.page, test.info(), 'my-requests');

  await team.context.close();
  await client.context.close();
  await setup.customerRest.dispose();
  await setup.rest.dispose();
});

test('an admin changes a target and the clock follows for both sides; an invalid time zone is explained', async ({
  browser,
  baseURL,
}) => {
  const setup = await setUp(baseURL as string, 'Targets');
  await raise(setup.customerRest, setup.projectId, { type: 'question', title: 'Can we move the launch?' });
  const admin = await signedIn(browser, setup.owner);
  const client = await signedIn(browser, setup.customer);
  const clientRow = client.page.getByTestId('my-requests').getByRole('listitem').filter({ hasText: 'Can we move' });
  await expect(clientRow).toContainText(/First response.*7h( \d+m)? left/);

  await admin.page.getByRole('link', { name: 'Workspace settings' }).click();
  await expect(admin.page.getByRole('heading', { name: 'Request types' })).toBeVisible();
  const normal = admin.page.getByLabel('Normal first response');
  await expect(normal).toHaveValue('8h');
  await normal.fill('20h');
  await admin.page.getByRole('button', { name: 'Save SLA policy' }).click();
  await expect(admin.page.getByRole('status').filter({ hasText: 'clocks follow' })).toBeVisible();
  await screenshot(admin.page, test.info(), 'workspace-settings');

  await admin.page.goto(`/w/${setup.workspaceId}/queue`);
  await expect(queueRow(admin.page, 'Can we move the launch?')).toContainText(/19h( \d+m)? left/);
  await client.page.reload();
  await expect(clientRow).toContainText(/First response.*19h( \d+m)? left/);

  // The server's sentence for a time zone it does not know, next to the form; nothing stored.
  await admin.page.goto(`/w/${setup.workspaceId}/settings`);
  await admin.page.getByLabel('Time zone').fill('Mars/Olympus_Mons');
  await admin.page.getByRole('button', { name: 'Save SLA policy' }).click();
  await expect(admin.page.getByRole('alert')).toHaveText('Time zone “Mars/Olympus_Mons” is not a known time zone.');
  const { policy } = await json<{ policy: { timeZone: string } }>(
    setup.rest,
    'get',
    `/api/workspaces/${setup.workspaceId}/sla-policy`,
  );
  expect(policy.timeZone).toBe('UTC');

  // A project of its own: an override, then back to the workspace's policy.
  await admin.page.goto(`/p/${setup.projectId}/settings`);
  await admin.page.getByRole('button', { name: 'Override for this project' }).click();
  await admin.page.getByLabel('Normal first response').fill('2h');
  await admin.page.getByRole('button', { name: 'Save project SLA policy' }).click();
  await expect(admin.page.getByText('This project has its own SLA policy')).toBeVisible();
  await screenshot(admin.page, test.info(), 'project-sla-override');
  await client.page.reload();
  await expect(clientRow).toContainText(/First response.*1h( \d+m)? left/);
  await admin.page.getByRole('button', { name: 'Reset to the workspace policy' }).click();
  await expect(admin.page.getByText('This project follows the workspace’s SLA policy.')).toBeVisible();
  await client.page.reload();
  await expect(clientRow).toContainText(/First response.*19h( \d+m)? left/);

  await admin.context.close();
  await client.context.close();
  await setup.customerRest.dispose();
  await setup.rest.dispose();
});

test('request types: an admin adds, renames and archives one', async ({ browser, baseURL }) => {
  const fresh = await freshProject(baseURL as string, 'Types');
  const admin = await signedIn(browser, fresh.owner);
  await admin.page.goto(`/w/${fresh.workspaceId}/settings`);
  await admin.page.getByLabel('New request type').fill('Billing question');
  await admin.page.getByRole('button', { name: 'Add type' }).click();
  await expect(admin.page.getByLabel('Name of Billing question')).toBeVisible();
  await admin.page.getByLabel('Name of Billing question').fill('Invoice question');
  await admin.page.getByRole('button', { name: 'Rename' }).click();
  await expect(admin.page.getByLabel('Name of Invoice question')).toBeVisible();
  await admin.page.getByRole('button', { name: 'Archive Invoice question' }).click();
  await expect(admin.page.getByRole('button', { name: 'Use Invoice question again' })).toBeVisible();
  const { types } = await json<{ types: Array<{ key: string; name: string }> }>(
    fresh.rest,
    'get',
    `/api/projects/${fresh.projectId}/request-types`,
  );
  expect(types.map((type) => type.name)).not.toContain('Invoice question');
  await admin.context.close();
  await fresh.rest.dispose();
});

test('a long queue draws its first screen and the rest as it is scrolled, in the same order', async ({
  browser,
  baseURL,
}) => {
  const fresh = await freshProject(baseURL as string, 'Long');
  for (let i = 0; i < 130; i++)
    await raise(fresh.rest, fresh.projectId, {
      type: 'question',
      title: `Long queue ${String(i).padStart(3, '0')}`,
      requesterName: 'Lee Long',
      channel: 'email',
      // Oldest first in the queue: the same priority and target, so the earlier-received is due first.
      receivedAt: Date.now() - (130 - i) * 60_000,
    });
  const team = await signedIn(browser, fresh.owner);
  await team.page.goto(`/w/${fresh.workspaceId}/queue`);
  const rows = team.page.getByTestId('queue-row');
  await expect(team.page.getByTestId('queue-count')).toHaveText('130 open requests, most urgent first');
  await expect(rows).toHaveCount(100);
  await expect(rows.first()).toContainText('Long queue 000');
  await team.page.getByRole('button', { name: 'Show 30 more of 30' }).scrollIntoViewIfNeeded();
  await expect(rows).toHaveCount(130);
  await expect(rows.last()).toContainText('Long queue 129');
  await team.context.close();
  await fresh.rest.dispose();
});

test('a team member reads the settings without changing them; a customer has no queue', async ({
  browser,
  baseURL,
}) => {
  const setup = await setUp(baseURL as string, 'Roles');
  const invite = await json<{ token: string }>(setup.rest, 'post', `/api/workspaces/${setup.workspaceId}/invites`, {
    projectId: null,
    role: 'member',
  });
  const stamp = Date.now().toString(36);
  const member = { name: 'Mo Member', email: `mo.${stamp}@fresh.test`, password: `mo-password-${stamp}` };
  const joining = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL as string } });
  const joined = await joining.post(`/api/invites/${invite.token}/accept`, { data: member });
  expect(joined.ok(), await joined.text()).toBe(true);

  const team = await signedIn(browser, member);
  await expect(team.page.getByRole('link', { name: 'Request queue' })).toBeVisible();
  await expect(team.page.getByRole('link', { name: 'Workspace settings' })).toHaveCount(0);
  await team.page.goto(`/w/${setup.workspaceId}/settings`);
  await expect(team.page.getByText('Only workspace admins can change these settings.')).toBeVisible();
  await expect(team.page.getByLabel('Normal first response')).toBeDisabled();
  await expect(team.page.getByRole('button', { name: 'Save SLA policy' })).toHaveCount(0);
  await expect(team.page.getByRole('button', { name: 'Add type' })).toHaveCount(0);

  const client = await signedIn(browser, setup.customer);
  await client.page.goto(`/w/${setup.workspaceId}/queue`);
  await expect(client.page.getByRole('heading', { name: 'Queue not available' })).toBeVisible();
  await expect(client.page.getByTestId('queue-row')).toHaveCount(0);

  await team.context.close();
  await client.context.close();
  await joining.dispose();
  await setup.customerRest.dispose();
  await setup.rest.dispose();
});
