import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { createClient, drawStroke, handOver, open, OWNER, signIn } from './helpers';

// Dutch and English: the client reads and signs in English at the tablet; an English browser
// gets an English sign-in page, and each device remembers the language chosen there.

function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString();
}

test('the client chooses English at the tablet, reads and signs the English text; the copy is English', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'tablet', 'the consent hand-over is a tablet journey');
  await signIn(page);
  const dossier = await createClient(page, 'Emily', 'Clarke', '1991-03-14');
  await handOver(page, ['Toestemming voor de behandeling'], 'English');

  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'Welcome, Emily Clarke' })).toBeVisible();
  await expect(page.getByText('Read each question calmly.')).toBeVisible();
  const question = page.getByRole('listitem').filter({ hasText: 'Consent to the treatment' });
  await expect(question).toContainText('I have been informed about the treatment');
  await question.getByRole('button', { name: 'Yes, I sign' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('By signing I agree to: Consent to the treatment.');
  await expect(dialog).toContainText('I can always withdraw this consent');
  await dialog.getByRole('button', { name: 'Confirm signature' }).click();
  await expect(dialog.getByText('First put your signature in the box.')).toBeVisible();
  const cdp = await page.context().newCDPSession(page);
  await drawStroke(page, cdp, [0.1, 0.5], [0.45, 0.4]);
  await drawStroke(page, cdp, [0.5, 0.3], [0.85, 0.6]);
  await dialog.getByRole('button', { name: 'Confirm signature' }).click();
  await expect(question.getByText('You have given consent.')).toBeVisible();
  await page.getByRole('button', { name: 'Done: hand the tablet back' }).click();
  await expect(page.getByRole('heading', { name: 'Hand the tablet back to your practitioner' })).toBeVisible();
  await page.getByLabel('PIN or password of the practitioner').fill(OWNER.password);
  await page.getByRole('button', { name: 'Unlock' }).click();

  // Back in the practitioner's hands: the dossier in her language (Dutch) says the client
  // signed the English text.
  await expect(page).toHaveURL(dossier);
  await page.locator('body[data-hydrated]').waitFor();
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  const card = page.getByRole('listitem', { name: 'Consent to the treatment' });
  await expect(card.getByText('Gegeven')).toBeVisible();
  await expect(card.getByText('taal: English')).toBeVisible();
  await expect(card.getByRole('img', { name: 'Getekend door Emily Clarke' })).toBeVisible();
  await card.getByRole('button', { name: 'Controleer' }).click();
  await expect(card.getByRole('status')).toContainText('Intact');

  const href = (await card.getByRole('link', { name: 'Kopie (pdf)' }).getAttribute('href'))!;
  const response = await page.request.get(href);
  expect(response.headers()['content-disposition']).toMatch(/filename="consent-[0-9a-f]{8}\.pdf"/);
  const copy = pdfText(await response.body());
  expect(copy).toContain('Copy of your consent');
  expect(copy).toContain('I have been informed about the treatment');
  expect(copy).toContain('By signing I agree to: Consent to the treatment.');
  expect(copy).toContain('Signed by: Emily Clarke');
  expect(copy).toContain('Language of the text: English');
  expect(copy).not.toContain('Getekend door');
});

test.describe('a browser that prefers English', () => {
  test.use({ locale: 'en-GB' });

  test('gets an English sign-in page, and the device keeps the language chosen there', async ({ page }) => {
    await open(page, '/login');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await page.getByLabel('E-mail address').fill(OWNER.email);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('E-mail address or password is wrong.');
    // What was typed stays.
    await expect(page.getByLabel('E-mail address')).toHaveValue(OWNER.email);

    // This device is set to Dutch: it stays Dutch on every visit, whatever the browser prefers.
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await expect(page.getByRole('heading', { name: 'Inloggen' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    await open(page, '/login');
    await expect(page.getByRole('heading', { name: 'Inloggen' })).toBeVisible();
    // The device remembers a language code, and nothing about a person.
    const stored = await page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));
    expect(stored['zorgvuldig.inlogtaal']).toBe('"nl"');
    expect(JSON.stringify(stored)).not.toContain(OWNER.email);

    // Its cookie gone, the device still knows: the page comes back in Dutch.
    await page.context().clearCookies();
    await open(page, '/login');
    await expect(page.getByRole('heading', { name: 'Inloggen' })).toBeVisible();
    // The Dutch page came from a reload after the English one hydrated: a tap before this one
    // hydrates too would reach no button.
    await page.locator('body[data-hydrated]').waitFor();

    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });
});
