/**
 * The app runs under the server's Content-Security-Policy without a single violation — signing in,
 * the board, an item's description editor, a document with the rich editor, and the service
 * worker — and the page may not be framed (clickjacking).
 */
import { expect, type Page, test } from '@playwright/test';
import { card, openProject, provider } from '../support/people.ts';

/** Every CSP violation the page reports, from the DOM event and from the console, across reloads. */
async function recordViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportCspViolation: (text: string) => void }).reportCspViolation;
      report(`${event.violatedDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  return violations;
}

test('the app works under its Content-Security-Policy with no violation, and cannot be framed', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const violations = await recordViolations(page);

  const response = await page.goto('/signin');
  const headers = response?.headers() ?? {};
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy']).toContain("script-src 'self';");
  expect(headers['x-frame-options']).toBe('DENY');

  await page.getByLabel('Email').fill(provider.email);
  await page.getByLabel('Password').fill(provider.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

  // The board, and an item's panel with its live description editor.
  const stamp = Date.now().toString(36);
  await openProject(page);
  const task = `Policy task ${stamp}`;
  await page.getByLabel('New item title').fill(task);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await card(page, task).getByRole('link', { name: task }).click();
  const description = page.getByTestId('item-panel').locator('.ProseMirror');
  await description.click();
  await page.keyboard.type('Typed under a strict policy. ');
  await expect(page.getByTestId('save-state')).toHaveText('Saved');
  await page.getByRole('link', { name: 'Close the panel' }).click();

  // A document: the rich editor (Tiptap injects its own stylesheet), typed into and saved.
  const title = `Policy check ${stamp}`;
  await page.getByRole('link', { name: 'Documents' }).click();
  await page.getByLabel('New document title').fill(title);
  await page.getByRole('button', { name: 'Create document' }).click();
  await expect(page.getByLabel('Document title')).toHaveValue(title);
  const body = page.locator('.document-main .ProseMirror');
  await body.click();
  await page.keyboard.type('A document under the policy.');
  await expect(page.getByTestId('save-state')).toHaveText('Saved');
  // Pasted Google Docs HTML says what is bold in style attributes, which the policy must let through.
  await page.keyboard.press('Enter');
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData(
      'text/html',
      '<b style="font-weight:normal" id="docs-internal-guid-1"><p><span style="font-weight:700">Bold</span><span style="font-weight:400"> and plain</span></p></b>',
    );
    data.setData('text/plain', 'Bold and plain');
    document
      .querySelector('.document-main .ProseMirror')
      ?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(body.locator('strong')).toHaveText(['Bold']);
  await expect(page.getByTestId('save-state')).toHaveText('Saved');

  // The service worker registers and takes over under the same policy.
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toMatch(/\/$/);
  await page.reload();
  await expect(body).toContainText('A document under the policy.');

  expect(violations).toEqual([]);

  // Another page framing Atrium gets nothing: the browser refuses to render it in the frame.
  const framing = await context.newPage();
  const refused: string[] = [];
  framing.on('console', (message) => refused.push(message.text()));
  await framing.setContent(`<iframe src="${new URL('/signin', page.url()).href}"></iframe>`);
  await expect.poll(() => refused.some((text) => /frame-ancestors/.test(text))).toBe(true);
  await expect(framing.frameLocator('iframe').getByLabel('Email')).toHaveCount(0);
  await context.close();
});
