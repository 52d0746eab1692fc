import { expect, test } from './fixtures';
import { holdTheApp, open, signIn } from './helpers';

test('the owner edits a consent text; it becomes a new version', async ({ page }) => {
  await signIn(page);
  await page.getByRole('link', { name: 'Teksten' }).click();
  await expect(page.getByRole('heading', { name: 'Toestemmingsteksten' })).toBeVisible();

  const newsletter = page.getByRole('form', { name: 'Nieuwsbrief en aanbiedingen per e-mail' });
  await expect(newsletter).toContainText('tekstversie 1');
  const body = newsletter.getByLabel('Tekst');
  // Too short to be a consent text: refused with a Dutch message, the typed text stays.
  await body.fill('Kort.');
  await newsletter.getByRole('button', { name: 'Opslaan als nieuwe versie' }).click();
  await expect(newsletter.getByText('Minstens 20 tekens.')).toBeVisible();
  await expect(body).toHaveValue('Kort.');

  await body.fill('Ik ontvang eens per maand de nieuwsbrief per e-mail. Afmelden kan met één klik onderaan elke e-mail.');
  await newsletter.getByRole('button', { name: 'Opslaan als nieuwe versie' }).click();
  await expect(page.getByRole('form', { name: 'Nieuwsbrief en aanbiedingen per e-mail' })).toContainText('tekstversie 2');
});

test('the editor previews the text as the tablet shows it, refuses junk, and lists every version', async ({ page }) => {
  await signIn(page);
  await open(page, '/templates');
  const sms = page.getByRole('form', { name: 'Aanbiedingen per sms' });
  const preview = sms.getByRole('region', { name: 'Zo ziet de cliënt het op de tablet' });
  await sms.getByLabel('Titel').fill('Aanbiedingen per sms');
  await sms.getByLabel('Tekst').fill('Ik ontvang hoogstens twee keer per maand een sms met een aanbieding.');
  await expect(preview.getByRole('heading', { name: 'Aanbiedingen per sms' })).toHaveCount(1);
  await expect(preview).toContainText('Ik ontvang hoogstens twee keer per maand een sms met een aanbieding.');
  await expect(preview).toContainText('Door te tekenen ga ik akkoord met: Aanbiedingen per sms.');

  // Ten thousand characters of junk are refused with the limit, and stay on screen to fix.
  const junk = 'asdf qwer '.repeat(1000);
  await sms.getByLabel('Tekst').fill(junk);
  await expect(sms.getByText('9999 van de 4000 tekens')).toBeVisible();
  await sms.getByRole('button', { name: 'Opslaan als nieuwe versie' }).click();
  await expect(sms.getByText('Maximaal 4000 tekens.')).toBeVisible();
  await expect(sms.getByLabel('Tekst')).toHaveValue(junk);
  await sms.getByLabel('Tekst').fill(`Ik ontvang sms ${'x'.repeat(80)}`);
  await sms.getByRole('button', { name: 'Opslaan als nieuwe versie' }).click();
  await expect(sms.getByText(/een woord van meer dan 60 tekens/)).toBeVisible();

  await sms.getByLabel('Tekst').fill('Ik ontvang hoogstens twee keer per maand een sms met een aanbieding.');
  await sms.getByRole('button', { name: 'Opslaan als nieuwe versie' }).click();
  const saved = page.getByRole('form', { name: 'Aanbiedingen per sms' });
  await expect(saved).toContainText('tekstversie 2');
  await saved.getByText(/^Alle versies/).click();
  const rows = saved.locator('table tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('(in gebruik)');
  await expect(rows.first().locator('code')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(rows.nth(1).locator('code')).toHaveText(/^[0-9a-f]{64}$/);
  // How often it was signed: another journey may have signed this text at the tablet meanwhile.
  await expect(rows.nth(1).locator('td[data-label="Getekend"]')).toHaveText(/^\d+ keer$/);
});

test('the stored text is in the fields before the page is live, and what is typed over it then stays', async ({ page }) => {
  await signIn(page);
  await open(page, '/templates');
  const arrive = await holdTheApp(page);
  await page.reload();
  const sms = page.getByRole('form', { name: 'Aanbiedingen per sms' });
  // The server's page alone: the fields already hold the text in use.
  await expect(sms.getByLabel('Titel')).not.toHaveValue('');
  await expect(sms.getByLabel('Tekst')).not.toHaveValue('');
  const typed = 'Ik ontvang hoogstens één sms per maand met een aanbieding.';
  await sms.getByLabel('Tekst').fill(typed);

  arrive();
  await page.locator('body[data-hydrated]').waitFor();
  await expect(sms.getByLabel('Tekst')).toHaveValue(typed);
  // The app has it too: the preview shows it.
  await expect(sms.getByRole('region', { name: 'Zo ziet de cliënt het op de tablet' })).toContainText(typed);
});
