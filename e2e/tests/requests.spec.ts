/**
 * Requests across both sides at once: the customer raises a complaint and sees the promised time
 * count down; the team answers in the client thread and the first-response clock stops for both
 * without a reload; a request the team logs on a customer's behalf, asked hours ago by phone,
 * breaches and shows escalated on the team's screens; the customer asks about a shared item and,
 * once the team resolved it, reopens it within the window. Requests never show as board cards.
 */
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { api, json } from '../support/api.ts';
import { card, customer, expectAccessible, projectName, provider, screenshot, signedIn } from '../support/people.ts';

/** The demo project's id, with calendar-time targets so the clocks do not depend on today's weekday. */
async function demoProject(pat: APIRequestContext): Promise<string> {
  const me = await json<{ projects: Array<{ id: string; name: string }> }>(pat, 'get', '/api/me');
  const projectId = me.projects.find((p) => p.name === projectName)?.id as string;
  const stored = await pat.put(`/api/projects/${projectId}/sla-policy`, {
    data: {
      policy: {
        timeZone: 'UTC',
        hours: 'calendar',
        workingHours: { start: '09:00', end: '17:00' },
        workingDays: [1, 2, 3, 4, 5],
        holidays: { country: null, region: null, dates: [] },
        atRiskPercent: 80,
        reopenDays: 7,
        targets: {
          urgent: { firstResponseMinutes: 60, resolutionMinutes: 480 },
          high: { firstResponseMinutes: 240, resolutionMinutes: 1440 },
          normal: { firstResponseMinutes: 480, resolutionMinutes: 2880 },
          low: { firstResponseMinutes: 1440, resolutionMinutes: 7200 },
        },
      },
    },
  });
  expect(stored.ok(), await stored.text()).toBe(true);
  return projectId;
}

function firstResponse(page: Page) {
  return page.getByTestId('clock-first_response');
}

/** A `datetime-local` value for a moment, in this machine's time zone (the browser's too). */
function localInputValue(at: number): string {
  return new Date(at - new Date(at).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

test('a customer raises a complaint and sees its clock; the team answers and the clock stops for both', async ({
  browser,
  baseURL,
}, testInfo) => {
  const stamp = Date.now().toString(36);
  const projectId = await demoProject(await api(baseURL as string, provider));
  const team = await signedIn(browser, provider);
  const client = await signedIn(browser, customer);
  const title = `Invoice sent twice ${stamp}`;

  await client.page.goto(`/p/${projectId}`);
  await client.page.getByRole('link', { name: 'New request' }).click();
  const form = client.page.getByRole('form', { name: 'New request' });
  await form.getByLabel('Type').selectOption({ label: 'Complaint' });
  await form.getByLabel('Priority').selectOption('high');
  await form.getByLabel('Title').fill(title);
  await form.getByLabel('Description').fill('We were invoiced twice for November.');
  await screenshot(client.page, testInfo, 'customer-new-request');
  await form.getByRole('button', { name: 'Send to the team' }).click();

  // The request's own page: its clock counts down to the promised first answer (4 h for high).
  await expect(client.page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await expect(firstResponse(client.page)).toHaveAttribute('data-state', 'running');
  await expect(firstResponse(client.page)).toContainText(/3h 5\dm left|4h left/);
  await expect(client.page.getByTestId('request-asked')).toContainText('Asked by Casey Customer in the portal');
  await expect(client.page.getByText('We were invoiced twice for November.')).toBeVisible();
  const requestUrl = new URL(client.page.url()).pathname;

  // The team finds it in the project's requests, clock and all.
  await team.page.goto(`/p/${projectId}`);
  await team.page.getByRole('link', { name: 'Requests', exact: true }).click();
  const row = team.page.getByTestId('request-row').filter({ hasText: title });
  await expect(row).toContainText('Complaint');
  await expect(row).toContainText('High');
  await expect(row.getByTestId('clock-first_response')).toContainText('left');
  await screenshot(team.page, testInfo, 'team-requests');
  await row.getByRole('link', { name: title }).click();
  expect(new URL(team.page.url()).pathname).toBe(requestUrl);
  await expect(team.page.getByRole('heading', { name: /Internal — not visible to Acme Corp/ })).toBeVisible();

  // The team answers in the client thread: the first-response clock stops on both screens, live.
  const composer = team.page.getByLabel('Message to Client thread — with Acme Corp');
  await composer.fill('Sorry about that — we are refunding the duplicate today.');
  await team.page.getByRole('button', { name: 'Send' }).first().click();
  for (const page of [team.page, client.page]) {
    await expect(firstResponse(page)).toHaveAttribute('data-state', 'met');
    await expect(firstResponse(page)).toContainText('Met');
  }
  await expect(client.page.getByText('we are refunding the duplicate today')).toBeVisible();
  await expect(client.page.getByRole('list', { name: 'History', exact: true })).toContainText(
    'Pat Provider answered first',
  );
  await screenshot(client.page, testInfo, 'customer-request-answered');
  await screenshot(team.page, testInfo, 'team-request-page');
  await expectAccessible(team.page, 'the team’s request page');
  await expectAccessible(client.page, 'the customer’s request page');

  // A request is not a board card on either side; it lives under Requests.
  await client.page.goto(`/p/${projectId}`);
  await expect(client.page.getByRole('heading', { name: projectName, level: 1 })).toBeVisible();
  await expect(card(client.page, title)).toHaveCount(0);
  await screenshot(client.page, testInfo, 'customer-portal');
  await team.page.goto(`/p/${projectId}`);
  await expect(team.page.getByRole('heading', { name: projectName, level: 1 })).toBeVisible();
  await expect(card(team.page, title)).toHaveCount(0);
  await team.context.close();
  await client.context.close();
});

test('a request logged on behalf, asked hours ago by phone, breaches and shows escalated to the team', async ({
  browser,
  baseURL,
}, testInfo) => {
  const stamp = Date.now().toString(36);
  const projectId = await demoProject(await api(baseURL as string, provider));
  const team = await signedIn(browser, provider);
  const title = `Site down on mobile ${stamp}`;

  await team.page.goto(`/p/${projectId}/requests`);
  await team.page.getByRole('link', { name: 'Log a request' }).click();
  const form = team.page.getByRole('form', { name: 'New request' });
  await form.getByLabel('Type').selectOption({ label: 'Issue' });
  await form.getByLabel('Priority').selectOption('urgent');
  await form.getByLabel('Title').fill(title);
  await form.getByLabel('Description').fill('Casey called: the homepage does not load on phones.');
  await form.getByLabel('Asked by').selectOption({ label: 'Casey Customer' });
  await form.getByLabel('Channel').selectOption('phone');
  await form.getByLabel('When they asked').fill(localInputValue(Date.now() - 3 * 3600_000));
  await screenshot(team.page, testInfo, 'team-log-on-behalf');
  await form.getByRole('button', { name: 'Log the request' }).click();

  await expect(team.page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await expect(team.page.getByTestId('request-asked')).toContainText('Asked by Casey Customer by phone');
  await expect(team.page.getByRole('list', { name: 'History', exact: true })).toContainText(
    'Pat Provider logged it for Casey Customer',
  );
  // Urgent: one hour to answer, asked three hours ago — breached, and the worker escalates it.
  await expect(firstResponse(team.page)).toHaveAttribute('data-level', 'breached');
  await expect(firstResponse(team.page)).toContainText(/Breached 2h/);
  await expect(team.page.getByTestId('escalation').first()).toHaveText('Escalated — breached');
  await expect(team.page.getByRole('list', { name: 'Routing history' })).toContainText(
    'First response breached its target — escalated',
  );
  await screenshot(team.page, testInfo, 'team-request-escalated');

  await team.page.getByRole('link', { name: 'Requests', exact: true }).click();
  const row = team.page.getByTestId('request-row').filter({ hasText: title });
  await expect(row).toHaveClass(/level-breached/);
  await expect(row.getByTestId('escalation')).toHaveText('Escalated — breached');
  await expect(row).toContainText('Asked by Casey Customer by phone');
  await screenshot(team.page, testInfo, 'team-requests-escalated');

  // The customer sees the same request and clock, never the escalation.
  const client = await signedIn(browser, customer);
  await client.page.goto(`/p/${projectId}/requests`);
  const theirs = client.page.getByTestId('request-row').filter({ hasText: title });
  await expect(theirs.getByTestId('clock-first_response')).toHaveAttribute('data-level', 'breached');
  await expect(theirs.getByTestId('escalation')).toHaveCount(0);
  await team.context.close();
  await client.context.close();
});

test('the customer asks about a shared item and reopens the resolved request within the window', async ({
  browser,
  baseURL,
}, testInfo) => {
  const stamp = Date.now().toString(36);
  const pat = await api(baseURL as string, provider);
  const projectId = await demoProject(pat);
  const item = await json<{ id: string }>(pat, 'post', `/api/projects/${projectId}/items`, {
    kind: 'task',
    title: `Contact form ${stamp}`,
    shared: true,
  });
  const team = await signedIn(browser, provider);
  const client = await signedIn(browser, customer);

  await client.page.goto(`/p/${projectId}/i/${item.id}`);
  await client.page.getByTestId('item-panel').getByRole('link', { name: 'Ask about this' }).click();
  const form = client.page.getByRole('form', { name: 'New request' });
  await expect(form.getByTestId('request-about')).toContainText(`Contact form ${stamp}`);
  await form.getByLabel('Type').selectOption({ label: 'Question' });
  await form.getByLabel('Title').fill(`Where do form emails go ${stamp}`);
  await form.getByLabel('Description').fill('Which address receives the contact form?');
  await form.getByRole('button', { name: 'Send to the team' }).click();
  await expect(client.page.getByRole('heading', { name: `Where do form emails go ${stamp}` })).toBeVisible();
  await expect(client.page.getByRole('link', { name: `“Contact form ${stamp}”` })).toBeVisible();
  const requestPath = new URL(client.page.url()).pathname;

  // The team resolves it on its page; the customer's page follows and offers close or reopen.
  await team.page.goto(requestPath);
  await team.page.getByRole('button', { name: 'Mark resolved' }).click();
  await expect(team.page.locator('.request-side').getByTestId('request-status')).toHaveText('Resolved');
  await expect(client.page.locator('.request-side').getByTestId('request-status')).toHaveText('Resolved');
  await expect(client.page.getByTestId('reopen-until')).toContainText('You can reopen it until');
  await expect(client.page.getByRole('button', { name: 'Close — it is solved' })).toBeVisible();
  await screenshot(client.page, testInfo, 'customer-request-resolved');

  await client.page.getByRole('button', { name: 'Reopen request' }).click();
  await expect(client.page.locator('.request-side').getByTestId('request-status')).toHaveText('In progress');
  await expect(team.page.locator('.request-side').getByTestId('request-status')).toHaveText('In progress');
  await expect(team.page.getByRole('list', { name: 'History', exact: true })).toContainText(
    'Casey Customer moved it from Resolved to In progress',
  );

  // The item's panel lists the request asked about it.
  await client.page.goto(`/p/${projectId}/i/${item.id}`);
  await expect(client.page.getByTestId('item-request')).toContainText(`Where do form emails go ${stamp}`);

  // On a phone, the request and the list fit the width: nothing to scroll sideways.
  await client.page.setViewportSize({ width: 390, height: 844 });
  for (const path of [requestPath, `/p/${projectId}/requests`, `/p/${projectId}`]) {
    await client.page.goto(path);
    await expect(client.page.getByRole('heading', { level: 1 })).toBeVisible();
    const overflow = await client.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `sideways scroll on ${path}`).toBeLessThanOrEqual(0);
  }
  await client.page.goto(requestPath);
  await screenshot(client.page, testInfo, 'customer-request-phone');
  await team.context.close();
  await client.context.close();
});

test('the team links a change request to the plan item it affects and accepts it; the customer sees the decision there', async ({
  browser,
  baseURL,
}, testInfo) => {
  const stamp = Date.now().toString(36);
  const pat = await api(baseURL as string, provider);
  const projectId = await demoProject(pat);
  const item = await json<{ id: string }>(pat, 'post', `/api/projects/${projectId}/items`, {
    kind: 'deliverable',
    title: `Pricing page ${stamp}`,
    shared: true,
  });
  const casey = await api(baseURL as string, customer);
  const change = await json<{ id: string; number: number }>(casey, 'post', `/api/projects/${projectId}/requests`, {
    type: 'change_request',
    title: `Add a yearly plan ${stamp}`,
    body: 'Please show a yearly price beside the monthly one.',
  });
  const team = await signedIn(browser, provider);
  const client = await signedIn(browser, customer);
  await client.page.goto(`/p/${projectId}/r/${change.id}`);
  await expect(client.page.getByTestId('change-request')).toContainText('Not decided yet');

  await team.page.goto(`/p/${projectId}/r/${change.id}`);
  const panel = team.page.getByTestId('change-request');
  await panel.getByLabel('Plan item to link').selectOption({ label: `Pricing page ${stamp}` });
  await panel.getByRole('button', { name: 'Link', exact: true }).click();
  await expect(panel.getByRole('list', { name: 'Linked plan items' })).toContainText(`Pricing page ${stamp}`);
  await panel.getByRole('button', { name: 'Accept the change' }).click();
  await expect(panel).toContainText('Accepted');
  await screenshot(team.page, testInfo, 'team-change-request');

  // The customer's page follows live; the linked item's panel shows the decision.
  await expect(client.page.getByTestId('change-request')).toContainText('Accepted');
  await expect(client.page.getByRole('list', { name: 'Linked plan items' })).toContainText(`Pricing page ${stamp}`);
  await client.page.getByRole('link', { name: `Pricing page ${stamp}` }).click();
  await expect(client.page).toHaveURL(new RegExp(`/i/${item.id}$`));
  await expect(client.page.getByTestId('item-panel').getByTestId('item-request')).toContainText(
    `Change request #${change.number} accepted`,
  );
  await screenshot(client.page, testInfo, 'customer-item-with-change-request');
  await team.context.close();
  await client.context.close();
});
