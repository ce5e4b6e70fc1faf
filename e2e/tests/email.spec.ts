/**
 * "Forgot your password?" in the browser, with the email read from a real SMTP server: someone
 * asks for a link on the sign-in page, opens it from the email, chooses a new password, and signs
 * in with it; the browser still signed in with the old password is signed out.
 */
import { expect, test } from '@playwright/test';
import { api } from '../support/api.ts';
import { startMailSink } from '../support/mailSink.ts';
import { expectAccessible, projectName, provider, screenshot, signedIn } from '../support/people.ts';

let sink: Awaited<ReturnType<typeof startMailSink>>;

test.beforeAll(async () => {
  sink = await startMailSink();
});
test.afterAll(async () => {
  await sink.close();
});

test('someone who forgot their password gets a link by email and signs in with the new password', async ({
  browser,
  baseURL,
}, testInfo) => {
  const person = { name: 'Fern Forgetful', email: `fern.${Date.now()}@acme.test`, password: 'the-old-password' };
  await (await api(baseURL ?? '', person, true)).dispose();

  // Still signed in elsewhere, with the old password.
  const elsewhere = await browser.newContext();
  const oldSession = await elsewhere.newPage();
  await oldSession.goto('/signin');
  await oldSession.getByLabel('Email').fill(person.email);
  await oldSession.getByLabel('Password').fill(person.password);
  await oldSession.getByRole('button', { name: 'Sign in' }).click();
  await expect(oldSession.getByRole('button', { name: 'Sign out' })).toBeVisible();

  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto('/signin');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await expectAccessible(page, 'forgot password');
  await page.getByLabel('Email').fill(person.email);
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await expect(page.getByRole('status')).toContainText('If an account uses this email');

  await expect.poll(() => sink.messages.filter((m) => m.to.includes(person.email)).length).toBe(1);
  const message = sink.messages.find((m) => m.to.includes(person.email));
  expect(message?.subject).toBe('Reset your Atrium password');
  const link = /https?:\/\/\S+\/reset\/\S+/.exec(message?.text ?? '')?.[0];
  expect(link).toBeDefined();
  expect(message?.html).toContain(link);

  await page.goto(link ?? '');
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await expectAccessible(page, 'reset password');
  await screenshot(page, testInfo, 'reset-password');
  await page.getByLabel('New password', { exact: true }).fill('a-brand-new-password');
  await page.getByLabel('Repeat it').fill('a-brand-new-password');
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await expect(page.getByRole('status')).toContainText('Your password is changed');
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill('a-brand-new-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

  // The other browser's session ended with the old password.
  await oldSession.reload();
  await expect(oldSession.getByRole('heading', { name: 'Sign in to Atrium' })).toBeVisible();

  // The link worked once.
  await page.goto(link ?? '');
  await page.getByLabel('New password', { exact: true }).fill('yet-another-password');
  await page.getByLabel('Repeat it').fill('yet-another-password');
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await expect(page.getByRole('alert')).toContainText('expired or was already used');
  await elsewhere.close();
  await context.close();
});

test('an invite link emailed from the project settings reaches the newcomer, and is resent on request', async ({
  browser,
}, testInfo) => {
  const team = await signedIn(browser, provider);
  await team.page
    .getByRole('link', { name: new RegExp(projectName) })
    .first()
    .click();
  await team.page.getByRole('link', { name: 'Settings' }).click();
  const to = `gus.${Date.now()}@acme.test`;
  await team.page.getByLabel('Email it to (optional)').fill(to);
  await team.page.getByRole('button', { name: 'Create invite link' }).click();
  await expect(team.page.getByText(`Emailed to ${to}.`)).toBeVisible();
  const shown = await team.page.getByTestId('invite-url').inputValue();

  await expect.poll(() => sink.messages.filter((m) => m.to.includes(to)).length).toBe(1);
  const message = sink.messages.find((m) => m.to.includes(to));
  expect(message?.subject).toContain(`${provider.name} invited you to ${projectName}`);
  const link = /https?:\/\/\S+\/join\/\S+/.exec(message?.text ?? '')?.[0] ?? '';
  expect(new URL(link).pathname).toBe(new URL(shown).pathname);

  const row = team.page.getByTestId('invite').filter({ hasText: `emailed to ${to}` });
  await expect(row).toBeVisible();
  // Once the SMTP server has it, the list stops saying "sending…" without a reload.
  await expect(row).not.toContainText('sending');
  await screenshot(team.page, testInfo, 'invite-emailed');
  await row.getByRole('button', { name: 'Resend' }).click();
  await expect(team.page.getByText(`The invite was emailed to ${to} again.`)).toBeVisible();
  await expect.poll(() => sink.messages.filter((m) => m.to.includes(to)).length).toBe(2);
  await expect(row).toContainText('(2 times)');

  const newcomer = await browser.newContext();
  const page = await newcomer.newPage();
  await page.goto(new URL(link).pathname);
  await expect(page.getByRole('heading', { name: `Join ${projectName}` })).toBeVisible();
  await page.getByLabel('Your name').fill('Gus Acme');
  await page.getByLabel('Email').fill(to);
  await page.getByLabel('Choose a password').fill('a-long-enough-password');
  await page.getByRole('button', { name: 'Join the project' }).click();
  await expect(page.getByRole('heading', { name: projectName, level: 1 })).toBeVisible();
  await newcomer.close();
  await team.context.close();
});
