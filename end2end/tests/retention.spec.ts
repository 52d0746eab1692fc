import { expect, test } from './fixtures';
import { createClient, dutchDate, moveServerClock, open, serverNow, signIn } from './helpers';

// The practice is a beauty practice (first-run): dossiers are kept two years after the last
// treatment. This project runs alone on its server, after all others, because it moves the
// server's clock three years on.
test.describe.configure({ mode: 'serial' });

const YEAR = 365 * 24 * 60 * 60;

async function searchFinds(page: import('@playwright/test').Page, query: string) {
  await open(page, '/clients');
  await page.getByLabel('Zoek op naam').fill(query);
  return page;
}

test('the dossier says until when it is kept; erasure on request says what was kept and why', async ({ page }) => {
  await signIn(page);
  await createClient(page, 'Roos', 'Verhoeven', '1988-05-20');
  const inTwoYears = serverNow(page);
  inTwoYears.setFullYear(inTwoYears.getFullYear() + 2);
  await expect(page.getByTestId('kept-until')).toHaveText(
    `Bewaard tot ${dutchDate(inTwoYears)}: 2 jaar na het openen van het dossier (nog geen behandeling)`,
  );
  await expect(page.getByText('beleid van de praktijk (privacyverklaring)')).toBeVisible();

  // A complaint comes in: a legal hold, with its reason, stops destruction until it is lifted.
  await page.getByRole('button', { name: 'Bewaarplicht vastleggen' }).click();
  await page.getByLabel('Toelichting (optioneel)').fill('klacht van 2 december');
  await page.getByRole('button', { name: 'Bewaarplicht vastleggen' }).click();
  await expect(page.getByText('Dit veld is verplicht.')).toBeVisible();
  await expect(page.getByLabel('Toelichting (optioneel)')).toHaveValue('klacht van 2 december');
  await page.getByLabel('Reden').selectOption({ label: 'Klacht in behandeling' });
  await page.getByRole('button', { name: 'Bewaarplicht vastleggen' }).click();
  await expect(page.getByRole('note')).toContainText('Bewaarplicht: Klacht in behandeling');
  await expect(page.getByRole('note')).toContainText('klacht van 2 december');
  await expect(page.getByRole('button', { name: 'Verwijderen op verzoek' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Bewaarplicht opheffen' }).click();
  await expect(page.getByRole('note')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Verwijderen op verzoek' })).toBeVisible();

  // A client with a treatment asks to be forgotten.
  await createClient(page, 'Kees', 'Erasmus', '1975-01-02');
  await page.getByRole('link', { name: 'Behandeling toevoegen' }).click();
  await page.locator('body[data-hydrated]').waitFor();
  await page.getByText('Gezichtsbehandeling', { exact: true }).click();
  await page.getByRole('button', { name: 'Behandeling opslaan' }).click();
  await expect(page.getByRole('listitem', { name: /Gezichtsbehandeling/ })).toBeVisible();
  await expect(page.getByTestId('kept-until')).toContainText('2 jaar na de laatste behandeling');
  await page.getByRole('button', { name: 'Verwijderen op verzoek' }).click();
  await expect(page.getByText('De cliënt vraagt om verwijdering (AVG art. 17).', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: 'Ja, nu verwijderen' }).click();
  await expect(page.getByRole('heading', { name: 'Dossier verwijderd' })).toBeVisible();
  const fiscalEnd = `01-01-${serverNow(page).getFullYear() + 8}`;
  await expect(page.getByText(`het fiscale gegeven (voorletter, achternaam, data en soort behandeling) tot ${fiscalEnd} (AWR 52)`, { exact: false })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Kees Erasmus' })).toHaveCount(0);

  await searchFinds(page, 'erasmus');
  await expect(page.getByText('Geen cliënten gevonden.')).toBeVisible();
  await open(page, '/retention');
  await expect(page.getByTestId('tax-record').filter({ hasText: 'K. Erasmus' })).toContainText('Gezichtsbehandeling');
});

test('three years on, the owner sees the dossier on the list to destroy, approves, and it is gone', async ({ page }) => {
  await open(page, '/login');
  await moveServerClock(page, 3 * YEAR);
  await signIn(page);
  await page.getByRole('link', { name: 'Bewaren' }).click();
  await expect(page.getByRole('heading', { name: 'Bewaartermijnen', level: 1 })).toBeVisible();
  await page.locator('body[data-hydrated]').waitFor();
  const row = page.getByRole('listitem', { name: 'Roos Verhoeven' });
  await expect(row).toContainText('2 jaar na het openen van het dossier');
  await row.getByRole('button', { name: 'Vernietigen…' }).click();
  await expect(row.getByText('Het dossier van Roos Verhoeven wordt onherroepelijk vernietigd', { exact: false })).toBeVisible();
  await row.getByRole('button', { name: 'Ja, vernietigen' }).click();
  await expect(page.getByRole('listitem', { name: 'Roos Verhoeven' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Vernietigd' })).toContainText('bewaartermijn verstreken, goedgekeurd door Jindra Venneker');

  await searchFinds(page, 'verhoeven');
  await expect(page.getByText('Geen cliënten gevonden.')).toBeVisible();
});

test('the owner sets the practice term and automatic destruction; a term out of range is refused', async ({ page }) => {
  await signIn(page);
  await open(page, '/retention');
  await expect(page.getByText('Deze praktijk bewaart dossiers 2 jaar.')).toBeVisible();
  await expect(page.getByText('U keurt de vernietiging van elk dossier zelf goed.')).toBeVisible();
  const years = page.getByLabel('Bewaartermijn van dossiers (jaren)');
  await years.fill('0');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await expect(page.getByText('Vul een getal van 1 tot en met 20 in.')).toBeVisible();
  await expect(years).toHaveValue('0');

  await years.fill('3');
  await page.getByLabel('Automatisch vernietigen').check();
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await expect(page.getByText('Deze praktijk bewaart dossiers 3 jaar.')).toBeVisible();
  await expect(page.getByText('Verstreken dossiers worden automatisch vernietigd.')).toBeVisible();
  await page.reload();
  await page.locator('body[data-hydrated]').waitFor();
  await expect(page.getByLabel('Bewaartermijn van dossiers (jaren)')).toHaveValue('3');
  await expect(page.getByLabel('Automatisch vernietigen')).toBeChecked();

  // A dossier opened now says the new term.
  await createClient(page, 'Lotte', 'Brink', '1992-03-08');
  await expect(page.getByTestId('kept-until')).toContainText('3 jaar na het openen van het dossier');
});
