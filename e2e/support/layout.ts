/** Layout checks: a control is not only "visible" but on top, where a person's click lands. */
import { expect, type Locator } from '@playwright/test';

/**
 * The control is in the viewport and nothing covers it: the element at its centre and at points
 * near its edges is the control itself (or inside it).
 */
export async function expectUncovered(control: Locator): Promise<void> {
  await expect(control).toBeVisible();
  await expect
    .poll(
      () =>
        control.evaluate((element) => {
          const box = element.getBoundingClientRect();
          const points = [
            [0.5, 0.5],
            [0.15, 0.5],
            [0.85, 0.5],
            [0.5, 0.2],
            [0.5, 0.8],
          ] as const;
          return points.every(([x, y]) => {
            const hit = document.elementFromPoint(box.left + box.width * x, box.top + box.height * y);
            return hit !== null && element.contains(hit);
          });
        }),
      { message: 'the control is topmost where it is drawn' },
    )
    .toBe(true);
}
