import { expect, test } from './fixtures';
import { giveThePassword, open, OWNER, SETUP_CODE, setUpSecondStep } from './helpers';

test('a therapy practice is set up as a care provider', async ({ page }) => {
  await open(page, '/setup');
  await page.getByLabel('Naam van de praktijk').fill('Huidtherapie Almkerk');
  await page.getByLabel('Adres van de praktijk').fill('Gantelweg 12, Almkerk');
  await page.getByLabel(/Therapie- of huidtherapiepraktijk/).check();
  await page.getByLabel('Uw naam').fill(OWNER.name);
  await page.getByLabel('Uw e-mailadres').fill(OWNER.email);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(OWNER.password);
  await page.getByLabel('Herhaal het wachtwoord').fill(OWNER.password);
  await page.getByLabel('Installatiecode').fill(SETUP_CODE);
  await page.getByRole('button', { name: 'Praktijk aanmaken' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await giveThePassword(page, OWNER);
  await setUpSecondStep(page, OWNER.email);
  await expect(page.getByRole('heading', { name: 'Cliënten' })).toBeVisible();
});
