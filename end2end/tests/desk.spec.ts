import { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { createClient, expectNoSidewaysScroll, giveConsentOnDevice, handOver, open, OWNER, signIn } from './helpers';

// At the desk: finding clients without remembering their names, reading the log, and a phone
// screen where everything fits.
test.describe.configure({ mode: 'serial' });

/** Opens dossiers straight through the app's own API, as the intake form would, to fill a list. */
async function createClientsQuickly(page: Page, surnames: string[]) {
  await page.evaluate(async (names) => {
    for (const surname of names) {
      const form = new URLSearchParams({
        'form[first_name]': 'Lijst', 'form[initials]': '', 'form[surname]': surname, 'form[date_of_birth]': '1980-01-01',
        'form[email]': '', 'form[mobile]': '0612345678', 'form[street]': '', 'form[house_number]': '',
        'form[postcode]': '', 'form[city]': '', 'form[referrer]': '',
      });
      const response = await fetch('/api/clients/create', { method: 'POST', body: form });
      if (!response.ok) throw new Error(`create answered ${response.status}`);
    }
  }, surnames);
}

/** Types a date into a date input key by key, as a person does, in the segment order this
 * browser shows (day first in Dutch, month first in American English): probed with a harmless
 * date first, since an impossible one cannot be read back. */
async function typeDateByKeys(page: Page, input: Locator, day: string, month: string, year: string) {
  await input.focus();
  await page.keyboard.type('01022000');
  const dayFirst = (await input.inputValue()) === '2000-02-01';
  await input.fill('');
  await input.focus();
  await page.keyboard.type(dayFirst ? `${day}${month}${year}` : `${month}${day}${year}`);
}

test('the client list offers recent dossiers and all clients page by page, only when asked', async ({ page }) => {
  await signIn(page);
  await createClient(page, 'Roos', 'Recentelijk', '1979-03-03');
  await open(page, '/clients');
  // Nothing listed until asked: names are not on show at the desk by default.
  await expect(page.getByText('Typ een deel van een naam')).toBeVisible();
  await expect(page.locator('.client-list')).toHaveCount(0);

  await page.getByRole('button', { name: 'Recent geopend' }).click();
  const recent = page.getByRole('list', { name: 'Recent geopend' });
  // Another journey of this owner may open a dossier meanwhile; the order is checked on the server.
  await expect(recent).toContainText('Roos Recentelijk');

  await createClientsQuickly(page, Array.from({ length: 26 }, (_, i) => `Paginavulling${String(i).padStart(2, '0')}`));
  await page.getByRole('button', { name: 'Alle cliënten' }).click();
  const all = page.getByRole('list', { name: 'Alle cliënten' });
  await expect(all.getByRole('listitem')).toHaveCount(25);
  await expect(page.getByText(/^Pagina 1 van [2-9]/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Vorige' })).toBeDisabled();
  await page.getByRole('button', { name: 'Volgende' }).click();
  await expect(page.getByText(/^Pagina 2 van/)).toBeVisible();

  await page.getByRole('button', { name: 'Nieuwste eerst' }).click();
  await expect(page.getByText(/^Pagina 1 van/)).toBeVisible();
  await expect(all).toContainText('Lijst Paginavulling25');
  await expectNoSidewaysScroll(page);

  // Into a dossier and back: the list is still there.
  await all.getByRole('link', { name: /Lijst Paginavulling25/ }).click();
  await expect(page.getByRole('heading', { name: 'Lijst Paginavulling25' })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('list', { name: 'Alle cliënten' })).toBeVisible();
  // The choice is in the address (no name is): loaded afresh, the page shows the same list,
  // and it still turns.
  expect(page.url()).toMatch(/\/clients\?lijst=alle&pagina=1&volgorde=newest$/);
  await page.reload();
  await page.locator('body[data-hydrated]').waitFor();
  await expect(page.getByRole('list', { name: 'Alle cliënten' })).toContainText('Lijst Paginavulling25');
  await page.getByRole('button', { name: 'Volgende' }).click();
  await expect(page.getByText(/^Pagina 2 van/)).toBeVisible();
  await expect(page).toHaveURL(/\/clients\?lijst=alle&pagina=2&volgorde=newest$/);

  // Typing a name searches instead; emptying the box brings the choice back.
  await page.getByLabel('Zoek op naam').fill('recentel');
  await expect(page.getByRole('list', { name: 'Zoekresultaten' })).toContainText('Roos Recentelijk');
  await page.getByLabel('Zoek op naam').fill('');
  await page.getByRole('button', { name: 'Verbergen' }).click();
  await expect(page.locator('.client-list')).toHaveCount(0);
});

test('a day that does not exist is named as such, and the rest of the form stays', async ({ page }) => {
  await signIn(page);
  await open(page, '/clients/new');
  await page.getByLabel('Voornaam').fill('Febe');
  await page.getByLabel('Achternaam').fill('Dertigfebruari');
  await typeDateByKeys(page, page.getByLabel('Geboortedatum'), '31', '02', '1990');
  await page.getByLabel('Mobiel nummer').fill('0612345678');
  await page.getByRole('button', { name: 'Dossier aanmaken' }).click();
  await expect(page.getByText('Deze datum bestaat niet. Kijk de dag en de maand na.')).toBeVisible();
  await expect(page.getByText('Dit veld is verplicht.')).toHaveCount(0);
  await expect(page.getByLabel('Achternaam')).toHaveValue('Dertigfebruari');

  await page.getByLabel('Geboortedatum').fill('1990-02-28');
  await page.getByRole('button', { name: 'Dossier aanmaken' }).click();
  await expect(page.getByRole('heading', { name: 'Febe Dertigfebruari' })).toBeVisible();
});

test("the owner's log reads as Dutch: what was corrected, and one tablet entry per hand-over", async ({ page }) => {
  await signIn(page);
  const dossier = await createClient(page, 'Lotte', 'Logboek', '1988-08-08');
  await page.getByRole('link', { name: 'Gegevens corrigeren' }).click();
  await page.locator('body[data-hydrated]').waitFor();
  await page.getByLabel('E-mailadres').fill('lotte@voorbeeld.nl');
  await page.getByLabel('Mobiel nummer').fill('0687654321');
  await page.getByLabel('Reden van de correctie').fill('nieuw nummer');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await expect(page.getByRole('heading', { name: 'Lotte Logboek' })).toBeVisible();

  // The tablet reloads three times during one hand-over.
  await handOver(page, ['Aanbiedingen per sms']);
  for (let i = 0; i < 3; i++) {
    await page.reload();
    await page.locator('body[data-hydrated]').waitFor();
    await expect(page.getByRole('heading', { name: 'Aanbiedingen per sms' })).toBeVisible();
  }
  await page.getByRole('button', { name: 'Tablet teruggeven' }).click();
  await page.getByLabel('Wachtwoord van de behandelaar').fill(OWNER.password);
  await page.getByRole('button', { name: 'Ontgrendelen' }).click();
  await expect(page).toHaveURL(dossier);

  await open(page, `${dossier}/audit`);
  const log = page.locator('table.audit');
  await expect(log.getByRole('row', { name: /Gegevens gecorrigeerd/ })).toContainText('e-mailadres en mobiel nummer');
  await expect(log).not.toContainText('email, mobile');
  await expect(log.getByRole('row', { name: /Toestemmingen getoond op de tablet/ })).toHaveCount(1);
  await expect(log.getByRole('row', { name: /Tablet aan cliënt gegeven/ })).toContainText('Aanbiedingen per sms');
});

test('on a 360 px phone every menu item is on screen and the tablet screen covers no text', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the narrow screen');
  await signIn(page);
  for (const name of ['Cliënten', 'Nieuwe cliënt', 'Instellingen', 'Behandelingen', 'Teksten']) {
    const box = (await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name }).boundingBox())!;
    expect(box.x, `${name} starts on screen`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${name} ends on screen`).toBeLessThanOrEqual(360);
  }
  await expectNoSidewaysScroll(page);

  await createClient(page, 'Kim', 'Kleinscherm', '1990-10-10');
  await handOver(page, ['Aanbiedingen per WhatsApp', 'Aanbiedingen per sms']);
  const card = page.getByRole('listitem').filter({ hasText: 'Aanbiedingen per WhatsApp' }).first();
  // The title once, as the heading; the text below it does not repeat it.
  await expect(card.getByRole('heading', { name: 'Aanbiedingen per WhatsApp' })).toHaveCount(1);
  expect(await card.locator('.consent-text').innerText()).not.toMatch(/^Aanbiedingen per WhatsApp/);
  // Scrolled anywhere, "Tablet teruggeven" lies over none of the text.
  const handBack = page.getByRole('button', { name: 'Tablet teruggeven' });
  for (const text of await page.locator('.consent-text').all()) {
    await text.scrollIntoViewIfNeeded();
    const [a, b] = [(await handBack.boundingBox())!, (await text.boundingBox())!];
    const overlaps = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    expect(overlaps, 'the hand-back button covers consent text').toBe(false);
  }
  await expectNoSidewaysScroll(page);
  await handBack.click();
  await page.getByLabel('Wachtwoord van de behandelaar').fill(OWNER.password);
  await page.getByRole('button', { name: 'Ontgrendelen' }).click();
  await expect(page.getByRole('heading', { name: 'Kim Kleinscherm' })).toBeVisible();
});
