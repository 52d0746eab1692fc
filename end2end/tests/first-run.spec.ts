import { expect, test } from './fixtures';
import { giveThePassword, OWNER, SETUP_CODE, setUpSecondStep } from './helpers';

test('first run: the owner sets up the practice once, then the setup screen is gone', async ({ page }) => {
  // A fresh installation sends every page to the setup screen.
  await page.goto('/clients');
  await expect(page).toHaveURL(/\/setup$/);
  await page.locator('body[data-hydrated]').waitFor();
  await expect(page.getByRole('heading', { name: 'Praktijk instellen' })).toBeVisible();

  await page.getByLabel('Naam van de praktijk').fill('Huidverzorgingspraktijk Jindra');
  await page.getByLabel('Adres van de praktijk').fill('Dorpsstraat 1, Julianadorp');
  await page.getByLabel('Uw naam').fill(OWNER.name);
  await page.getByLabel('Uw e-mailadres').fill(OWNER.email);
  await page.getByLabel('Wachtwoord', { exact: true }).fill('kort');
  await page.getByLabel('Herhaal het wachtwoord').fill('kort');
  await page.getByRole('button', { name: 'Praktijk aanmaken' }).click();

  // Missing choice and short password are explained in Dutch; what was typed stays.
  await expect(page.getByText('Kies het soort praktijk.')).toBeVisible();
  await expect(page.getByText('Het wachtwoord moet minstens 12 tekens hebben.')).toBeVisible();
  await expect(page.getByLabel('Naam van de praktijk')).toHaveValue('Huidverzorgingspraktijk Jindra');

  await page.getByLabel(/Andere schoonheidspraktijk/).check();
  await page.getByLabel('Wachtwoord', { exact: true }).fill(OWNER.password);
  await page.getByLabel('Herhaal het wachtwoord').fill(OWNER.password);
  // Only whoever can see the server's console knows the installation code.
  await page.getByLabel('Installatiecode').fill('0000 0000');
  await page.getByRole('button', { name: 'Praktijk aanmaken' }).click();
  await expect(page.getByText('Deze code klopt niet.', { exact: false })).toBeVisible();
  await expect(page.getByLabel('Naam van de praktijk')).toHaveValue('Huidverzorgingspraktijk Jindra');
  await expect(page.getByLabel('Installatiecode')).toHaveValue('0000 0000');

  await page.getByLabel('Installatiecode').fill(SETUP_CODE);
  await page.getByRole('button', { name: 'Praktijk aanmaken' }).click();
  await expect(page).toHaveURL(/\/login$/);

  // Gone for good.
  await page.goto('/setup');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { name: 'Inloggen' })).toBeVisible();

  // The first sign-in sets up the second step, which every later sign-in asks for.
  await giveThePassword(page, OWNER);
  await expect(page.getByRole('heading', { name: 'Tweede stap instellen' })).toBeVisible();
  await page.getByLabel('Code uit de app').fill('000000');
  await page.getByRole('button', { name: 'Instellen en inloggen' }).click();
  await expect(page.getByText('Deze code klopt niet.', { exact: false })).toBeVisible();
  await expect(page.getByLabel('Code uit de app')).toHaveValue('000000');
  await setUpSecondStep(page, OWNER.email);
  await expect(page.getByRole('heading', { name: 'Cliënten' })).toBeVisible();
});
