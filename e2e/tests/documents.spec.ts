/**
 * Documents and deliverables, both sides at once: co-editing a requirements document, inline
 * comments (client ones both see and answer, internal ones the customer never receives), approving
 * a deliverable, "changed since approval" with the difference, and restoring an old version.
 */
import { expect, type Page, test } from '@playwright/test';
import { customer, expectAccessible, openProject, provider, screenshot, signedIn } from '../support/people.ts';

async function createDocument(page: Page, title: string, kind: 'document' | 'deliverable') {
  await openProject(page);
  await page.getByRole('link', { name: 'Documents' }).click();
  await page.getByLabel('New document title').fill(title);
  await page.getByLabel('Kind').selectOption(kind);
  await page.getByRole('button', { name: 'Create document' }).click();
  await expect(page.getByLabel('Document title')).toHaveValue(title);
  await page.getByRole('button', { name: 'Share with Acme Corp' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Share with Acme Corp' }).click();
  await expect(page.getByText('Shared with Acme Corp')).toBeVisible();
}

async function openAsCustomer(page: Page, title: string) {
  await openProject(page);
  await page.getByRole('link', { name: 'Documents' }).click();
  await page.getByLabel('Search documents by title').fill(title.split(' ').at(-1) ?? title);
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
}

const body = (page: Page) => page.locator('.document-main .ProseMirror');

/** Pastes HTML into the document as a clipboard would (what Word or Google Docs put there). */
function paste(page: Page, html: string) {
  return page.evaluate((clipboard) => {
    const data = new DataTransfer();
    data.setData('text/html', clipboard);
    data.setData('text/plain', 'pasted');
    document
      .querySelector('.document-main .ProseMirror')
      ?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, html);
}

test('co-editing requirements with client and internal inline comments', async ({ browser }, testInfo) => {
  const stamp = Date.now().toString(36);
  const title = `Requirements ${stamp}`;
  const internalText = `INTERNAL-COMMENT-${stamp}`;
  const team = await signedIn(browser, provider);
  const client = await signedIn(browser, customer);
  await createDocument(team.page, title, 'document');
  await body(team.page).click();
  await team.page.keyboard.type('Must support single sign-on.');
  await openAsCustomer(client.page, title);
  await expect(body(client.page)).toContainText('Must support single sign-on.');
  await body(client.page).click();
  await client.page.keyboard.press('Control+End');
  await client.page.keyboard.press('Enter');
  await client.page.keyboard.type('Also: export to CSV.');
  await expect(body(team.page)).toContainText('Also: export to CSV.');
  await expect(team.page.locator('.collaboration-carets__label', { hasText: customer.name })).toBeVisible();

  // The team comments on words the customer can see...
  await body(team.page).click();
  await team.page.keyboard.press('Control+Home');
  await team.page.keyboard.press('Shift+End');
  await team.page.getByRole('button', { name: 'Comment', exact: true }).click();
  await team.page.getByLabel('Visible to Acme Corp').check();
  await team.page.getByLabel('Your comment').fill('Which identity provider, @Casey?');
  await team.page.getByRole('form', { name: 'New comment' }).getByRole('button', { name: 'Comment' }).click();
  // ...and, on the same words, an internal one.
  await body(team.page).click();
  await team.page.keyboard.press('Control+Home');
  await team.page.keyboard.press('Shift+End');
  await team.page.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(team.page.getByLabel('Internal — team only')).toBeChecked();
  await team.page.getByLabel('Your comment').fill(internalText);
  await team.page.getByRole('form', { name: 'New comment' }).getByRole('button', { name: 'Comment' }).click();
  await expect(team.page.getByTestId('comment')).toHaveCount(2);
  await expect(team.page.getByTestId('comment').filter({ hasText: internalText })).toContainText(
    'Internal — not visible to Acme Corp',
  );

  // The customer sees the client comment on its words, highlighted, and answers it.
  const clientComment = client.page.getByTestId('comment').filter({ hasText: 'Which identity provider' });
  await expect(clientComment).toContainText('Must support single sign-on.');
  await expect(client.page.locator('.comment-mark.client')).toContainText('Must support single sign-on.');
  // A one-click reaction on the team's comment (feedback the team's inbox receives).
  const concern = clientComment.getByRole('button', { name: 'Concern — feedback on this comment' });
  await concern.click();
  await expect(concern).toHaveAttribute('aria-pressed', 'true');
  await clientComment.getByRole('textbox', { name: /Reply to/ }).fill('Azure AD, please.');
  await clientComment.getByRole('button', { name: 'Reply' }).click();
  await expect(team.page.getByTestId('comment').filter({ hasText: 'Which identity provider' })).toContainText(
    'Azure AD, please.',
  );

  // Edits around the words keep the comment on them.
  await body(team.page).click();
  await team.page.keyboard.press('Control+Home');
  await team.page.keyboard.type('Note: ');
  await expect(client.page.locator('.comment-mark.client')).toHaveText('Must support single sign-on.');

  // The internal comment never reached the customer: not on the page, not on the wire.
  await expect(client.page.getByTestId('comment')).toHaveCount(1);
  await expect(client.page.locator('body')).not.toContainText(internalText);
  expect(Buffer.concat(client.frames).includes(internalText)).toBe(false);
  expect(Buffer.concat(client.frames).includes('Which identity provider')).toBe(true);

  // Pasting from Word or Google Docs keeps headings, lists, tables and links — for both sides.
  await body(team.page).click();
  await team.page.keyboard.press('Control+End');
  await team.page.keyboard.press('Enter');
  await paste(
    team.page,
    '<h2>Pasted heading</h2><ul><li><p>First bullet</p></li><li><p>Second bullet</p></li></ul>' +
      '<table><tr><th>Page</th><th>Owner</th></tr><tr><td>Home</td><td>Acme</td></tr></table>' +
      '<p>See <a href="https://acme.example/brand">the brand site</a></p>',
  );
  for (const page of [team.page, client.page]) {
    await expect(body(page).locator('h2')).toHaveText('Pasted heading');
    await expect(body(page).locator('ul li')).toHaveCount(2);
    await expect(body(page).locator('table td')).toHaveText(['Home', 'Acme']);
    await expect(body(page).locator('a[href="https://acme.example/brand"]')).toHaveText('the brand site');
  }

  await screenshot(team.page, testInfo, 'document-team');
  await screenshot(client.page, testInfo, 'document-customer');
  await expectAccessible(team.page, 'document (team)');
  await expectAccessible(client.page, 'document (customer)');
  await team.context.close();
  await client.context.close();
});

test('a deliverable is approved, changed after approval, and an old version restored', async ({
  browser,
}, testInfo) => {
  const stamp = Date.now().toString(36);
  const title = `Homepage copy ${stamp}`;
  const team = await signedIn(browser, provider);
  const client = await signedIn(browser, customer);
  await createDocument(team.page, title, 'deliverable');
  await body(team.page).click();
  await team.page.keyboard.type('Welcome to Acme, the friendliest anvils in town.');
  await expect(team.page.getByTestId('save-state')).toHaveText('Saved');
  await team.page.getByRole('button', { name: 'Submit for approval' }).click();
  await expect(team.page.getByTestId('approval')).toContainText('Waiting for Acme Corp’s approval');

  await openAsCustomer(client.page, title);
  await expect(client.page.getByTestId('approval')).toContainText('Waiting for your approval');
  await client.page.getByRole('button', { name: 'Approve' }).click();
  await expect(client.page.getByTestId('approval')).toContainText(`Approved by ${customer.name}`);
  await expect(team.page.getByTestId('approval')).toContainText(`Approved by ${customer.name}`);

  // The team edits after approval: the customer sees "changed since approval" and the difference.
  await body(team.page).click();
  await team.page.keyboard.press('Control+End');
  await team.page.keyboard.type(' Now with rockets.');
  const changed = client.page.getByTestId('changed-since-approval');
  await expect(changed).toContainText('Changed since approval');
  await changed.getByRole('button', { name: 'Show the changes' }).click();
  await expect(changed.locator('ins')).toContainText('rockets');
  await expect(changed.getByTestId('changed-by')).toContainText(`Added since then by ${provider.name}`);
  // A removal of approved words shows too, with who removed them.
  await team.page.keyboard.press('Control+Home');
  for (let i = 0; i < 'Welcome '.length; i++) await team.page.keyboard.press('Shift+ArrowRight');
  await team.page.keyboard.press('Backspace');
  await expect(changed.locator('del')).toContainText('Welcome');
  await expect(changed.getByTestId('changed-by')).toContainText(`removed by ${provider.name}`);
  await screenshot(client.page, testInfo, 'changed-since-approval');
  await expectAccessible(client.page, 'deliverable after approval (customer)');

  // Versions: name one, rewrite, restore it — for everyone, and the rewrite is kept as a version.
  await team.page.getByRole('tab', { name: 'Versions' }).click();
  await team.page.getByLabel('Version name').fill('With rockets');
  await team.page.getByRole('button', { name: 'Save version' }).click();
  const versions = team.page.getByTestId('versions');
  await expect(versions).toContainText('With rockets');
  await expect(versions).toContainText('Approved');
  await body(team.page).click();
  await team.page.keyboard.press('Control+a');
  await team.page.keyboard.type('Entirely rewritten.');
  await expect(body(client.page)).toContainText('Entirely rewritten.');
  await expect(body(client.page)).not.toContainText('rockets');
  await versions
    .getByRole('listitem')
    .filter({ hasText: 'With rockets' })
    .getByRole('button', { name: 'Open' })
    .click();
  await expect(team.page.getByTestId('version-view')).toContainText('Now with rockets.');
  await versions
    .getByRole('listitem')
    .filter({ hasText: 'With rockets' })
    .getByRole('button', { name: 'Restore' })
    .click();
  await team.page.getByRole('dialog').getByRole('button', { name: 'Restore' }).click();
  await expect(body(team.page)).toContainText('Now with rockets.');
  await expect(body(client.page)).toContainText('Now with rockets.');
  await expect(versions).toContainText('Before restoring “With rockets”');
  // Two versions compared: from "With rockets" to the rewrite that was saved before the restore.
  await versions
    .getByRole('listitem')
    .filter({ hasText: 'With rockets' })
    .filter({ hasNotText: 'Before restoring' })
    .getByRole('button', { name: 'Compare with now' })
    .click();
  const view = team.page.getByTestId('version-view');
  await expect(view.getByRole('heading')).toHaveText('Changes since “With rockets”');
  const compareWith = view.getByLabel('Compare with');
  const beforeRestore = await compareWith.locator('option', { hasText: 'Before restoring' }).getAttribute('value');
  await compareWith.selectOption(beforeRestore ?? '');
  await expect(view.getByRole('heading')).toHaveText(
    'Changes from “With rockets” to “Before restoring “With rockets””',
  );
  await expect(view.locator('ins')).toContainText('Entirely rewritten');
  await expect(view.locator('del').filter({ hasText: 'rockets' })).toHaveCount(1);
  await expect(view.getByTestId('changed-by')).toContainText(`Added since then by ${provider.name}`);
  await expectAccessible(team.page, 'versions (team)');
  await screenshot(team.page, testInfo, 'versions');

  await team.context.close();
  await client.context.close();
});

// A 2×2 PNG (red, green, blue, white).
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAwMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

test('an image uploaded into a shared document shows for both sides, and comes from the item’s files', async ({
  browser,
}) => {
  const stamp = Date.now().toString(36);
  const title = `Moodboard ${stamp}`;
  const team = await signedIn(browser, provider);
  const client = await signedIn(browser, customer);
  await createDocument(team.page, title, 'document');
  await body(team.page).click();
  await team.page.keyboard.type('The hero image:');
  await team.page.keyboard.press('Enter');

  await team.page.getByRole('button', { name: 'Image' }).click();
  const picker = team.page.getByRole('dialog', { name: 'Insert an image' });
  await picker.getByText('Upload an image').locator('input[type=file]').setInputFiles({
    name: 'hero.png',
    mimeType: 'image/png',
    buffer: png,
  });
  const image = body(team.page).locator('img');
  await expect(image).toHaveAttribute('src', /^\/api\/files\/fil_/);
  await expect(image).toHaveAttribute('alt', 'hero.png');
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2);

  await openAsCustomer(client.page, title);
  const seen = body(client.page).locator('img');
  await expect.poll(() => seen.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2);

  // The picker offers the item's images again, and refuses what is not an image with the server's words.
  await team.page.getByRole('button', { name: 'Image' }).click();
  await expect(picker.getByRole('button', { name: 'hero.png' })).toBeVisible();
  await picker
    .getByText('Upload an image')
    .locator('input[type=file]')
    .setInputFiles({
      name: 'fake.png',
      mimeType: 'image/png',
      buffer: Buffer.from('<html>not an image</html>'),
    });
  await expect(picker.getByRole('alert')).toContainText('This file is not a PNG image, though it says so.');
  await expectAccessible(team.page, 'image picker');
  await picker.getByRole('button', { name: 'Cancel' }).click();

  await team.context.close();
  await client.context.close();
});

test('pasting from Word and Google Docs keeps headings, bold, and nested bulleted and numbered lists', async ({
  browser,
}) => {
  const title = `Pasted brief ${Date.now().toString(36)}`;
  const team = await signedIn(browser, provider);
  await createDocument(team.page, title, 'document');

  // Word: list items are paragraphs with mso-list styles and their bullets as text.
  await body(team.page).click();
  await paste(
    team.page,
    `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word"><body lang=EN-US>
<!--StartFragment--><h1>Scope<o:p></o:p></h1>
<p class=MsoListParagraphCxSpFirst style='text-indent:-.25in;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>Homepage<o:p></o:p></p>
<p class=MsoListParagraphCxSpMiddle style='margin-left:1.0in;text-indent:-.25in;mso-list:l0 level2 lfo1'><![if !supportLists]><span style='font-family:"Courier New"'><span style='mso-list:Ignore'>o<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><![endif]>Hero <b>banner</b><o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-.25in;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span>&nbsp;&nbsp; </span></span></span><![endif]>Contact page<o:p></o:p></p>
<p class=MsoNormal>Steps:<o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-.25in;mso-list:l1 level1 lfo2'><![if !supportLists]><span style='mso-list:Ignore'>1.<span>&nbsp;&nbsp; </span></span><![endif]>Draft<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-.25in;mso-list:l1 level1 lfo2'><![if !supportLists]><span style='mso-list:Ignore'>2.<span>&nbsp;&nbsp; </span></span><![endif]>Review<o:p></o:p></p>
<!--EndFragment--></body></html>`,
  );
  const editor = body(team.page);
  await expect(editor.locator('h1')).toHaveText('Scope');
  await expect(editor.locator('ul > li')).toHaveCount(3);
  await expect(editor.locator('ul > li > ul > li')).toHaveText(['Hero banner']);
  await expect(editor.locator('ul > li > ul > li strong')).toHaveText('banner');
  await expect(editor.locator('ol > li')).toHaveText(['Draft', 'Review']);
  await expect(editor).not.toContainText('·');

  // Google Docs: real lists inside a <b style="font-weight:normal"> wrapper that is not bold.
  await team.page.keyboard.press('Control+End');
  await team.page.keyboard.press('Enter');
  await team.page.keyboard.press('Enter');
  await paste(
    team.page,
    '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-7f3e"><h2 dir="ltr"><span style="font-size:16pt;font-weight:400;">Timeline</span></h2>' +
      '<ol style="margin-top:0;margin-bottom:0;"><li dir="ltr" style="list-style-type:decimal;" aria-level="1"><p dir="ltr" role="presentation"><span style="font-weight:700;">Kick-off</span></p></li>' +
      '<li dir="ltr" style="list-style-type:decimal;" aria-level="1"><p dir="ltr" role="presentation"><span style="font-weight:400;">Design</span></p></li></ol></b>',
  );
  await expect(editor.locator('h2')).toHaveText('Timeline');
  await expect(editor.locator('ol > li')).toHaveText(['Draft', 'Review', 'Kick-off', 'Design']);
  await expect(editor.locator('strong')).toHaveText(['banner', 'Kick-off']);

  await team.context.close();
});
