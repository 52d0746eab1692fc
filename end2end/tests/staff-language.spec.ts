import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, Page, test } from '@playwright/test';
import { open, serverNow, signIn } from './helpers';

// A staff member switches to English: every page she can open is in English, with no Dutch
// interface text left. This runs after every other test on its server, since it changes the
// owner's own language while it runs.
test.describe.configure({ mode: 'serial' });

const locales = join(__dirname, '..', '..', 'app', 'locales');
const nl: Record<string, string> = JSON.parse(readFileSync(join(locales, 'nl.json'), 'utf8'));
const en: Record<string, string> = JSON.parse(readFileSync(join(locales, 'en.json'), 'utf8'));

/** Every piece of Dutch interface text that English words differently, long enough to be
 * recognised as Dutch: the sentences around the values put into them. */
const dutchPieces: string[] = Object.keys(nl)
  .filter((key) => nl[key] !== en[key])
  .flatMap((key) => nl[key].split(/\{\{[^}]*\}\}/))
  .map((piece) => piece.trim())
  .filter((piece) => piece.length >= 5 && !Object.values(en).some((english) => english.includes(piece)));

/** What the page shows and says to a screen reader: its text and its labelling attributes. */
async function interfaceText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const attributes = Array.from(document.querySelectorAll('[aria-label], [placeholder], [title], img[alt], [data-label]'))
      .flatMap((element) => ['aria-label', 'placeholder', 'title', 'alt', 'data-label'].map((name) => element.getAttribute(name) ?? ''));
    return [document.body.innerText, ...attributes].join('\n');
  });
}

async function expectNoDutch(page: Page, path: string) {
  await open(page, path);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const shown = await interfaceText(page);
  const left = dutchPieces.filter((piece) => shown.includes(piece));
  expect(left, `Dutch interface text on ${path}`).toEqual([]);
}

/** Today where the practice is, as English is written here: "2 Dec 2026". */
function todayInEnglish(page: Page): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'numeric', year: 'numeric',
  }).formatToParts(serverNow(page));
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return `${part('day')} ${months[part('month') - 1]} ${part('year')}`;
}

async function chooseLanguage(page: Page, label: 'English' | 'Nederlands', save: string, heading: string) {
  await open(page, '/settings');
  await page.getByLabel(label, { exact: true }).check();
  await page.getByRole('button', { name: save }).click();
  await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
  await page.locator('body[data-hydrated]').waitFor();
}

test('a staff member switches to English and finds no Dutch interface text on any page', async ({ page }) => {
  expect(dutchPieces.length).toBeGreaterThan(300);
  await signIn(page);
  await chooseLanguage(page, 'English', 'Taal opslaan', 'Settings');
  await expect(page.getByRole('link', { name: 'Clients' })).toBeVisible();

  // A new client, in English forms; a refused field answers in English and keeps the input.
  await open(page, '/clients/new');
  await page.getByLabel('First name').fill('Grace');
  await page.getByLabel('Surname (with prefix)').fill('Hopper');
  await page.getByLabel('Date of birth').fill('1986-12-09');
  await page.getByRole('button', { name: 'Create dossier' }).click();
  await expect(page.getByText('Enter at least an e-mail address or a mobile number.').first()).toBeVisible();
  await expect(page.getByLabel('First name')).toHaveValue('Grace');
  await page.getByLabel('Mobile number').fill('0612345678');
  await page.getByRole('button', { name: 'Create dossier' }).click();
  await expect(page.getByRole('heading', { name: 'Grace Hopper' })).toBeVisible();
  // Dates and times come as values and are written the English way.
  await expect(page.getByText(new RegExp(`^Dossier created on ${todayInEnglish(page)}, \\d\\d:\\d\\d CES?T$`))).toBeVisible();
  await expect(page.getByText('9 Dec 1986')).toBeVisible();
  const dossier = new URL(page.url()).pathname;

  for (const path of [
    '/clients',
    '/clients/new',
    dossier,
    `${dossier}/edit`,
    `${dossier}/treatments/new`,
    `${dossier}/audit`,
    '/templates',
    '/treatment-types',
    '/settings',
    '/security',
    '/team',
  ]) {
    await expectNoDutch(page, path);
  }
  // The log is read in the reader's language, though it stores codes.
  await open(page, `${dossier}/audit`);
  await expect(page.getByText('Dossier created')).toBeVisible();
  // The owner edits the English texts by default, and can switch to the Dutch ones.
  await open(page, '/templates');
  await expect(page.getByRole('form', { name: 'Consent to the treatment' }).getByLabel('Title')).toHaveValue('Consent to the treatment');
  await page.getByRole('link', { name: 'Nederlands' }).click();
  await expect(page.getByRole('form', { name: 'Consent to the treatment' }).getByLabel('Title')).toHaveValue('Toestemming voor de behandeling');

  await chooseLanguage(page, 'Nederlands', 'Save language', 'Instellingen');
});
