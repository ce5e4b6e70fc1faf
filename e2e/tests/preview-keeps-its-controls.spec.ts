/**
 * View as customer with a task open: the panel opens below the preview banner, so "Exit preview"
 * stays visible and clickable — on a wide screen and on a phone, where the panel is full width.
 */
import { expect, test } from '@playwright/test';
import { expectUncovered } from '../support/layout.ts';
import { card, customer, openProject, provider, signedIn } from '../support/people.ts';

for (const viewport of [
  { width: 1400, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`an open task panel leaves the preview banner and Exit preview uncovered (${viewport.width}px)`, async ({
    browser,
  }) => {
    const team = await signedIn(browser, provider, viewport);
    const { page } = team;
    await openProject(page);
    await page.getByLabel('View as customer').selectOption({ label: customer.name });
    const banner = page.getByTestId('preview-banner');
    await expect(banner).toContainText(`as ${customer.name} sees it`);

    const title = 'Confirm launch date';
    await card(page, title).getByRole('link', { name: title }).click();
    const panel = page.getByTestId('item-panel');
    await expect(panel.getByRole('heading', { name: title })).toBeVisible();
    await expectUncovered(panel.getByRole('link', { name: 'Close the panel' }));
    await expectUncovered(banner.getByText('read-only'));
    const exit = banner.getByRole('link', { name: 'Exit preview' });
    await expectUncovered(exit);

    await exit.click();
    await expect(page).toHaveURL(/\/p\/[^/]+$/);
    await expect(page.getByTestId('preview-banner')).toHaveCount(0);
    await team.context.close();
  });
}
