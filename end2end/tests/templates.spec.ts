import { expect, test } from './fixtures';
import { signIn } from './helpers';

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
