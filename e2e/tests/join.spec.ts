/**
 * A customer joins from an invite link and lands inside the project. The steps a new person takes
 * are counted: open the link, type name, email and password, press Join.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible, projectName, provider, screenshot, signedIn } from '../support/people.ts';

test('a customer joins from an invite link in five steps and lands in the project', async ({ browser }, testInfo) => {
  const team = await signedIn(browser, provider);
  await team.page
    .getByRole('link', { name: new RegExp(projectName) })
    .first()
    .click();
  await team.page.getByRole('link', { name: 'Settings' }).click();
  await expect(team.page.getByRole('heading', { name: 'Project settings' })).toBeVisible();
  await expectAccessible(team.page, 'project settings');
  await screenshot(team.page, testInfo, 'project-settings');
  await team.page.getByRole('button', { name: 'Create invite link' }).click();
  const link = await team.page.getByTestId('invite-url').inputValue();
  expect(link).toMatch(/\/join\/.+/);

  const newcomer = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await newcomer.newPage();
  const steps: string[] = [];
  const step = async (what: string, action: Promise<unknown>) => {
    steps.push(what);
    await action;
  };
  const email = `dana.${Date.now()}@acme.test`;
  await step('open the invite link', page.goto(link));
  await expect(page.getByRole('heading', { name: `Join ${projectName}` })).toBeVisible();
  await expect(page.getByText(`${provider.name} invited you`)).toBeVisible();
  await expectAccessible(page, 'join page');
  await screenshot(page, testInfo, 'join');
  await step('type your name', page.getByLabel('Your name').fill('Dana Acme'));
  await step('type your email', page.getByLabel('Email').fill(email));
  await step('choose a password', page.getByLabel('Choose a password').fill('a-long-enough-password'));
  await step('press Join', page.getByRole('button', { name: 'Join the project' }).click());

  await expect(page.getByRole('heading', { name: projectName, level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Waiting on you' })).toBeVisible();
  await expect(page.getByTestId('item-card').first()).toBeVisible();
  testInfo.annotations.push({ type: 'steps to join', description: `${steps.length}: ${steps.join(' → ')}` });
  expect(steps).toHaveLength(5);
  // At phone width the page does not scroll sideways (the board scrolls inside itself).
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, testInfo, 'joined-phone-width');
  await expectAccessible(page, 'customer portal at phone width');

  // The same link cannot be used twice (one use by default): a clear sentence, not a stack trace.
  const second = await browser.newContext();
  const again = await second.newPage();
  await again.goto(link);
  await expect(again.getByRole('heading', { name: 'This invite cannot be used' })).toBeVisible();
  await expect(again.getByRole('alert')).not.toBeEmpty();

  await team.context.close();
  await newcomer.close();
  await second.close();
});

test('sign-in page explains a wrong password and is accessible', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/signin/);
  await expectAccessible(page, 'sign in');
  await page.getByLabel('Email').fill(provider.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
});
