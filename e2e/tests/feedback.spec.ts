/**
 * A concern becomes a request in one action, seen from both sides at once: the customer leaves a
 * concern with a note on a shared item with one click; it shows up in the team's feedback inbox by
 * itself; the team routes it to a service team, answers it (the customer sees the answer, never the
 * team's name) and turns it into a request, which the customer then has as their own. The team's
 * customer-health panel counts the unanswered concern, and stops counting it once answered.
 */
import { expect, type Page, request, test } from '@playwright/test';
import { json } from '../support/api.ts';
import { freshProject } from '../support/freshProject.ts';
import { expectAccessible, screenshot, signedIn } from '../support/people.ts';

/** The number of unanswered concerns the team's home shows for this customer. */
function concernsOf(page: Page, customerName: string) {
  return page.getByTestId('health-row').filter({ hasText: customerName }).getByTestId('concerns');
}

test('a customer’s concern reaches the team’s inbox, is answered and becomes a request in one action', async ({
  browser,
  baseURL,
}, testInfo) => {
  const base = baseURL as string;
  const fresh = await freshProject(base, 'Feedback');
  const { projectId, workspaceId, customerName } = fresh;
  const item = await json<{ id: string }>(fresh.rest, 'post', `/api/projects/${projectId}/items`, {
    title: 'Homepage hero',
    shared: true,
  });
  const invite = await json<{ token: string }>(fresh.rest, 'post', `/api/workspaces/${workspaceId}/invites`, {
    role: 'collaborator',
    projectId,
  });
  const stamp = Date.now().toString(36);
  const cora = { name: 'Cora Client', email: `cora.${stamp}@client.test`, password: `cora-password-${stamp}` };
  const joining = await request.newContext({ baseURL: base, extraHTTPHeaders: { origin: base } });
  await json(joining, 'post', `/api/invites/${invite.token}/accept`, cora);
  await joining.dispose();

  const team = await signedIn(browser, fresh.owner);
  const client = await signedIn(browser, cora);

  // The team's home: the customer's health, no unanswered concern yet.
  await expect(concernsOf(team.page, customerName)).toHaveText('0');

  // An admin sets up a service team to route feedback to.
  await team.page.getByRole('link', { name: 'Service teams' }).click();
  await team.page.getByLabel('New team').fill('Design crew');
  await team.page.getByRole('button', { name: 'Add team' }).click();
  await expect(team.page.getByTestId('service-team').filter({ hasText: 'Design crew' })).toBeVisible();
  await screenshot(team.page, testInfo, 'service-teams');

  // The team opens its inbox; nothing unanswered yet.
  await team.page.goto(`/w/${workspaceId}/feedback`);
  await expect(team.page.getByRole('heading', { name: 'Feedback inbox' })).toBeVisible();
  await expect(team.page.getByText('No feedback matches these filters.')).toBeVisible();

  // The customer reacts on the shared item with one click, then adds a note.
  await client.page.goto(`/p/${projectId}/i/${item.id}`);
  const control = client.page.getByTestId('feedback-item');
  await control.getByRole('button', { name: 'Concern — feedback on this item' }).click();
  await expect(control.getByRole('button', { name: 'Concern — feedback on this item' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await control.getByLabel(/Add a note/).fill('The hero image is too dark on phones.');
  await control.getByRole('button', { name: 'Send note' }).click();
  await expect(control.getByRole('status')).toContainText(
    'You said: Concern — “The hero image is too dark on phones.”',
  );
  await expectAccessible(client.page, 'item panel with the feedback control');
  await screenshot(client.page, testInfo, 'customer-feedback-on-item');

  // It shows up in the team's open inbox by itself.
  const entry = team.page.getByTestId('feedback-entry').filter({ hasText: 'The hero image is too dark on phones.' });
  await expect(entry).toBeVisible({ timeout: 15_000 });
  await expect(entry).toContainText('Cora Client');
  await expect(entry).toContainText('Homepage hero');

  // The home screen counts it as an unanswered concern.
  await team.page.goto('/');
  await expect(concernsOf(team.page, customerName)).toHaveText('1');
  await screenshot(team.page, testInfo, 'customer-health');

  // The team routes it and answers it.
  await team.page.goto(`/w/${workspaceId}/feedback`);
  await entry.getByLabel('Team').selectOption({ label: 'Design crew' });
  await expect(entry.getByLabel('Team')).toHaveValue(/.+/);
  await entry.getByRole('button', { name: 'Answer' }).click();
  await entry.getByLabel(/Your answer/).fill('Thanks — we are brightening it this week.');
  await entry.getByRole('button', { name: 'Send answer' }).click();
  await expect(entry).toContainText('Feedback Owner answered: Thanks — we are brightening it this week.');

  // Answered: the concern no longer counts.
  await team.page.goto('/');
  await expect(concernsOf(team.page, customerName)).toHaveText('0');

  // The customer sees the answer — and nothing of the team's routing.
  await client.page.reload();
  await expect(client.page.getByTestId('feedback-item')).toContainText('Thanks — we are brightening it this week.');
  await expect(client.page.locator('body')).not.toContainText('Design crew');

  // One action turns it into a request, and the inbox links to it.
  await team.page.goto(`/w/${workspaceId}/feedback?state=all`);
  await entry.getByRole('button', { name: 'Turn into request' }).click();
  const requestLink = entry.getByRole('link', { name: /request #1/ });
  await expect(requestLink).toBeVisible();
  await expectAccessible(team.page, 'feedback inbox');
  await screenshot(team.page, testInfo, 'feedback-inbox');
  await requestLink.click();
  await expect(team.page).toHaveURL(new RegExp(`/p/${projectId}/r/itm_`));
  await expect(team.page.getByRole('heading', { level: 1 })).toContainText('The hero image is too dark on phones.');

  // The customer has it as their own request, about the item, and their feedback points at it.
  const mine = await client.page.request.get('/api/me/requests');
  const { requests } = (await mine.json()) as {
    requests: Array<{ title: string; aboutItemId: string; number: number }>;
  };
  expect(requests).toEqual([
    expect.objectContaining({ title: 'The hero image is too dark on phones.', aboutItemId: item.id, number: 1 }),
  ]);
  expect(JSON.stringify(requests)).not.toContain('Design crew');
  await client.page.reload();
  await expect(client.page.getByTestId('feedback-item')).toContainText('The team took this up as request #1');

  // The customer also reacts on a team message in the item's discussion, with one click.
  await team.page.goto(`/p/${projectId}/i/${item.id}`);
  await team.page.getByLabel(/^Message to Client thread/).fill('Here is the brighter hero.');
  await team.page.getByLabel(/^Message to Client thread/).press('Enter');
  const message = client.page.getByTestId('clientThread').getByRole('listitem').filter({ hasText: 'brighter hero' });
  const thumbsUp = message.getByRole('button', { name: 'Positive — feedback on this message' });
  await thumbsUp.click();
  await expect(thumbsUp).toHaveAttribute('aria-pressed', 'true');
  await screenshot(client.page, testInfo, 'customer-feedback-on-message');
  await team.page.goto(`/w/${workspaceId}/feedback?state=all&sentiment=positive`);
  await expect(team.page.getByTestId('feedback-entry').filter({ hasText: 'On a message of' })).toContainText(
    'Homepage hero',
  );

  await fresh.rest.dispose();
  await team.context.close();
  await client.context.close();
});
