import { execFileSync } from 'node:child_process';
import { expect, test } from './fixtures';
import { Page } from '@playwright/test';
import { createClient, giveConsentOnDevice, serverNow, signIn, withdrawWithReason } from './helpers';

// A client withdraws a consent: what the practitioner sees next, and what the client's copy says.
test.describe.configure({ mode: 'serial' });

/** The text of a PDF the app serves, as the client would read it. */
function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString();
}

function today(page: Page): string {
  const parts = new Intl.DateTimeFormat('nl-NL', {
    timeZone: 'Europe/Amsterdam', day: '2-digit', month: '2-digit', year: 'numeric',
  }).formatToParts(serverNow(page));
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('day')}-${part('month')}-${part('year')}`;
}

test('after withdrawing health consent the dossier says answers were recorded, not that there are none', async ({ page }) => {
  await signIn(page);
  await createClient(page, 'Noor', 'Smit', '1979-03-14');
  await giveConsentOnDevice(page, 'Vastleggen van gezondheidsgegevens en huidtype');
  const health = page.locator('section.health');
  await health.getByLabel('Allergieën').fill('Noten; latex');
  await health.getByText('Nee', { exact: true }).click();
  await health.getByRole('button', { name: 'Gezondheidsvragen opslaan' }).click();
  await expect(health.getByRole('definition').first()).toHaveText('Noten; latex');

  const card = page.getByRole('listitem', { name: 'Vastleggen van gezondheidsgegevens en huidtype' });
  await card.getByRole('button', { name: 'Intrekken' }).click();
  await withdrawWithReason(card, 'op verzoek van de cliënt per e-mail');
  await expect(card.getByText('Ingetrokken', { exact: true })).toBeVisible();
  await expect(health.getByRole('alert')).toContainText('Er zijn gezondheidsgegevens vastgelegd');
  await expect(health.getByRole('alert')).toContainText(`op ${today(page)} ingetrokken`);
  await expect(health.getByRole('alert')).toContainText('Vraag er opnieuw naar voordat u behandelt.');
  await expect(health.getByText('Noten; latex')).toHaveCount(0);
});

test('the copy of a withdrawn consent says it was withdrawn and when; the card shows both times', async ({ page }) => {
  await signIn(page);
  await createClient(page, 'Lotte', 'Bos', '1990-07-21');
  await giveConsentOnDevice(page, 'Nieuwsbrief en aanbiedingen per e-mail');
  const card = page.getByRole('listitem', { name: 'Nieuwsbrief en aanbiedingen per e-mail' });
  const copyLink = card.getByRole('link', { name: 'Kopie (pdf)' });
  const before = pdfText(await (await page.request.get((await copyLink.getAttribute('href'))!)).body());
  expect(before).not.toContain('INGETROKKEN');

  await card.getByRole('button', { name: 'Intrekken' }).click();
  // Asked once: without a reason nothing happens, and the consent still holds.
  await expect(card.getByText('Na het intrekken geldt deze toestemming niet meer.')).toBeVisible();
  await card.getByRole('button', { name: 'Ja, intrekken' }).click();
  await expect(card.getByText('Dit veld is verplicht.')).toBeVisible();
  await expect(card.getByText('Gegeven', { exact: true })).toBeVisible();
  await card.getByRole('button', { name: 'Annuleren' }).click();
  await expect(card.getByRole('button', { name: 'Ja, intrekken' })).toHaveCount(0);
  await card.getByRole('button', { name: 'Intrekken' }).click();
  await withdrawWithReason(card, 'op verzoek van de cliënt per e-mail');
  await expect(card.getByText('Reden: op verzoek van de cliënt per e-mail')).toBeVisible();
  await expect(card.getByText(/^Getekend: \d\d-\d\d-\d{4}/)).toBeVisible();
  await expect(card.getByText(new RegExp(`^Intrekking vastgelegd: ${today(page)}`))).toBeVisible();

  const after = pdfText(await (await page.request.get((await copyLink.getAttribute('href'))!)).body());
  expect(after).toContain(`INGETROKKEN op ${today(page)}`);
  expect(after).toContain('Ingetrokken op:');
  expect(after).toContain('op verzoek van de cliënt per e-mail');
});
