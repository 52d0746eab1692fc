import { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { createClient, handOver, open, OWNER, signIn } from './helpers';

// Leaving the room, and the wrong hands on a locked device.
test.describe.configure({ mode: 'serial' });

async function setPin(page: Page, pin: string) {
  await open(page, '/settings');
  await page.getByLabel('Nieuwe pincode').fill(pin);
  await page.getByLabel('Herhaal de pincode').fill(pin);
  await page.getByLabel('Uw wachtwoord (ter bevestiging)').fill(OWNER.password);
  await page.getByRole('button', { name: 'Pincode opslaan' }).click();
  await expect(page.getByText('Uw pincode is opgeslagen.')).toBeVisible();
}

test('a locked screen holds no client data anywhere in the page, also after the server rendered it', async ({ page }) => {
  await page.clock.install();
  await signIn(page);
  const dossier = await createClient(page, 'Iris', 'Verborgen', '1991-02-03');
  // Opened fresh, the dossier comes from the server's own render as well.
  await open(page, dossier);
  await expect(page.getByRole('heading', { name: 'Iris Verborgen' })).toBeVisible();
  expect(await page.content()).toContain('Verborgen');

  // Past the longest lock time an owner can set (another journey may have changed it).
  await page.clock.fastForward('31:00');
  await expect(page.getByRole('heading', { name: 'Scherm vergrendeld' })).toBeVisible();
  const locked = await page.content();
  expect(locked).not.toContain('Verborgen');
  expect(locked).not.toContain('03-02-1991');
});

test('"Vergrendel nu" locks at once; the PIN opens it again', async ({ page }) => {
  await signIn(page);
  // The same PIN the treatment journeys use: they may run at the same time for this owner.
  await setPin(page, '27184');
  await createClient(page, 'Sanne', 'Weggelegd', '1985-05-05');

  const lockedOnServer = page.waitForResponse((r) => r.url().endsWith('/api/screen/lock') && r.ok());
  await page.getByRole('button', { name: 'Vergrendel nu' }).click();
  await expect(page.getByRole('heading', { name: 'Scherm vergrendeld' })).toBeVisible();
  expect(await page.content()).not.toContain('Weggelegd');
  await lockedOnServer;
  // The server holds it locked too: a reload shows the lock, not the dossier.
  await page.reload();
  await page.locator('body[data-hydrated]').waitFor();
  await expect(page.getByRole('heading', { name: 'Scherm vergrendeld' })).toBeVisible();
  expect(await page.content()).not.toContain('Weggelegd');

  await page.getByLabel('Pincode of wachtwoord').fill('27184');
  await page.getByRole('button', { name: 'Ontgrendelen' }).click();
  await expect(page.getByRole('heading', { name: 'Sanne Weggelegd' })).toBeVisible();
});

test('after five wrong PINs the sign-in page says why the session ended', async ({ page }) => {
  await signIn(page);
  // The same PIN the treatment journeys use: they may run at the same time for this owner.
  await setPin(page, '27184');
  await page.getByRole('button', { name: 'Vergrendel nu' }).click();
  for (let attempt = 1; attempt <= 4; attempt++) {
    await page.getByLabel('Pincode of wachtwoord').fill('11111');
    await page.getByRole('button', { name: 'Ontgrendelen' }).click();
    await expect(page.getByRole('alert')).toContainText('Deze pincode of dit wachtwoord is onjuist.');
  }
  await page.getByLabel('Pincode of wachtwoord').fill('11111');
  await page.getByRole('button', { name: 'Ontgrendelen' }).click();
  await expect(page).toHaveURL(/\/login\?reden=ontgrendelen$/);
  await expect(page.getByRole('status')).toContainText('U bent afgemeld: er is vijf keer een verkeerde pincode');
  await expect(page.getByRole('heading', { name: 'Inloggen' })).toBeVisible();
});

test('the practitioner takes the tablet back with her PIN, not the long password', async ({ page }) => {
  await signIn(page);
  await setPin(page, '27184');
  const dossier = await createClient(page, 'Fenna', 'Dekker', '1996-09-09');
  await handOver(page, ['Toestemming voor de behandeling']);
  await page.getByRole('button', { name: 'Tablet teruggeven' }).click();
  await expect(page.getByRole('heading', { name: 'Geef de tablet terug aan uw behandelaar' })).toBeVisible();
  // Taken back midway, the tablet holds the client's name and texts nowhere in the page.
  expect(await page.content()).not.toContain('Fenna');
  expect(await page.content()).not.toContain('Toestemming voor de behandeling');

  await page.getByLabel('Pincode of wachtwoord van de behandelaar').fill('11111');
  await page.getByRole('button', { name: 'Ontgrendelen' }).click();
  await expect(page.getByRole('alert')).toContainText('Deze pincode of dit wachtwoord is onjuist.');
  await page.getByLabel('Pincode of wachtwoord van de behandelaar').fill('27184');
  await page.getByRole('button', { name: 'Ontgrendelen' }).click();
  await expect(page).toHaveURL(dossier);
  await expect(page.getByRole('heading', { name: 'Fenna Dekker' })).toBeVisible();
});

test('a refusal on the tablet lock goes once the next try is typed', async ({ page }) => {
  await signIn(page);
  await setPin(page, '27184');
  const dossier = await createClient(page, 'Vera', 'Volgendepoging', '1992-12-12');
  await handOver(page, ['Toestemming voor de behandeling']);
  await page.getByRole('button', { name: 'Tablet teruggeven' }).click();
  const secret = page.getByLabel('Pincode of wachtwoord van de behandelaar');

  await secret.fill('niet mijn wachtwoord');
  await page.getByRole('button', { name: 'Ontgrendelen' }).click();
  await expect(page.getByRole('alert')).toContainText('Dit wachtwoord is onjuist.');
  // Typing the next try: the old refusal no longer answers what is on screen.
  await secret.fill('9');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await secret.fill('99999');
  await page.getByRole('button', { name: 'Ontgrendelen' }).click();
  await expect(page.getByRole('alert')).toContainText('Deze pincode of dit wachtwoord is onjuist.');
  await expect(page.getByText('Dit wachtwoord is onjuist.', { exact: true })).toHaveCount(0);

  await secret.fill('27184');
  await page.getByRole('button', { name: 'Ontgrendelen' }).click();
  await expect(page).toHaveURL(dossier);
});
