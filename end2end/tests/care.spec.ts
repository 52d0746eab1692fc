import { expect, test } from './fixtures';
import { createClient, dutchDate, open, serverNow, signIn } from './helpers';

// A care provider (set up by care-setup.spec.ts; both viewports share its server): dossiers
// are kept 20 years after the last medical entry (WGBO), a decision can keep one longer, and
// the term cannot be shortened below what the law asks.

function isoDate(date: Date): string {
  return dutchDate(date).split('-').reverse().join('-');
}

function yearsOn(years: number, page: import('@playwright/test').Page): Date {
  const day = serverNow(page);
  day.setFullYear(day.getFullYear() + years);
  return day;
}

test('the owner records a decision to keep a care dossier longer, with a reason and a review day', async ({ page }, testInfo) => {
  await signIn(page);
  // Each viewport its own client on the shared server.
  const surname = testInfo.project.name.startsWith('phone') ? 'Smit' : 'Visser';
  await createClient(page, 'Noor', surname, '1984-11-23');
  await expect(page.getByTestId('kept-until')).toHaveText(
    `Bewaard tot ${dutchDate(yearsOn(20, page))}: 20 jaar na het openen van het dossier (nog geen behandeling)`,
  );
  await expect(page.getByText('wettelijke plicht (WGBO, BW 7:454)')).toBeVisible();

  // With the legal-hold form open beside it, each label still leads to its own form's field.
  await page.getByRole('button', { name: 'Langer bewaren…' }).click();
  await page.getByRole('button', { name: 'Bewaarplicht vastleggen' }).click();
  const keepLonger = page.locator('form.keep-longer-form');
  await keepLonger.getByLabel('Toelichting (optioneel)').fill('nazorg littekens, zie behandelplan');
  await expect(page.locator('form.hold-form').getByLabel('Toelichting (optioneel)')).toHaveValue('');
  // A review day inside the term changes nothing: refused, with what was typed kept.
  await keepLonger.getByLabel('Reden om langer te bewaren').selectOption({ label: 'Goede zorg vraagt het (BW 7:454 lid 3)' });
  await keepLonger.getByLabel('Opnieuw beoordelen op').fill(isoDate(yearsOn(10, page)));
  await page.getByRole('button', { name: 'Besluit vastleggen' }).click();
  const firstDay = yearsOn(20, page);
  firstDay.setDate(firstDay.getDate() + 1);
  await expect(page.getByText(`Kies een datum van ${dutchDate(firstDay)} tot en met ${dutchDate(yearsOn(40, page))}.`)).toBeVisible();
  await expect(keepLonger.getByLabel('Toelichting (optioneel)')).toHaveValue('nazorg littekens, zie behandelplan');

  await keepLonger.getByLabel('Opnieuw beoordelen op').fill(isoDate(yearsOn(25, page)));
  await page.getByRole('button', { name: 'Besluit vastleggen' }).click();
  await expect(page.getByTestId('kept-until')).toContainText(
    `Bewaard tot ${dutchDate(yearsOn(25, page))}: langer bewaard, besloten op ${dutchDate(serverNow(page))}: Goede zorg vraagt het (BW 7:454 lid 3).`,
  );
  await expect(page.getByTestId('kept-until')).toContainText(`de termijn zelf liep tot ${dutchDate(yearsOn(20, page))}`);
  await expect(page.getByTestId('keep-longer-note')).toHaveText('Toelichting bij het besluit: nazorg littekens, zie behandelplan');
});

test('the practice term cannot be set below the 20 years the law asks', async ({ page }) => {
  await signIn(page);
  await open(page, '/retention');
  await expect(page.getByText('Deze praktijk bewaart dossiers 20 jaar.')).toBeVisible();
  await expect(page.getByText('Standaard voor deze soort praktijk: 20 jaar.')).toBeVisible();
  const years = page.getByLabel('Bewaartermijn van dossiers (jaren)');
  await years.fill('15');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await expect(page.getByText('De wet vraagt ten minste 20 jaar (WGBO, BW 7:454).')).toBeVisible();
  await expect(years).toHaveValue('15');
  // The browser's check is comfort: the server refuses it too, and nothing changed.
  const answer = await page.evaluate(async () => {
    const response = await fetch('/api/retention/policy', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ years: '15' }),
    });
    return { ok: response.ok, body: await response.text() };
  });
  expect(answer.ok).toBe(false);
  expect(answer.body).toContain('BelowLegalMinimum');
  await page.reload();
  await expect(page.getByText('Deze praktijk bewaart dossiers 20 jaar.')).toBeVisible();
});
