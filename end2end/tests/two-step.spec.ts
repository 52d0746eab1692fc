import { expect, test } from './fixtures';
import { giveThePassword, open, setUpSecondStep, signIn, withFreshCode } from './helpers';

const PRACTITIONER = { name: 'Sanne Bakker', email: 'sanne@praktijk.test', password: 'haar eigen lange wachtwoord' };

test('a practitioner joins with two-step sign-in: a wrong code is refused, a recovery code works once, her own security page', async ({ page, browser }, testInfo) => {
  await signIn(page);
  await open(page, '/team');
  await page.getByLabel('Naam', { exact: true }).fill(PRACTITIONER.name);
  await page.getByLabel('E-mailadres').fill(PRACTITIONER.email);
  await page.getByRole('radio', { name: /^Behandelaar/ }).check();
  await page.getByRole('button', { name: 'Toevoegen en uitnodiging maken' }).click();
  const link = (await page.getByTestId('invitation-link').textContent())!.trim();

  // On her own phone: a password, then the second step, set up with the key shown as text.
  const phoneContext = await browser.newContext({ ...testInfo.project.use, baseURL: testInfo.project.use.baseURL });
  const phone = await phoneContext.newPage();
  await phone.goto(link);
  await phone.locator('body[data-hydrated]').waitFor();
  await phone.getByLabel('Wachtwoord', { exact: true }).fill(PRACTITIONER.password);
  await phone.getByLabel('Herhaal het wachtwoord').fill(PRACTITIONER.password);
  await phone.getByRole('button', { name: 'Wachtwoord instellen' }).click();
  await expect(phone).toHaveURL(/\/login\/code$/);
  await phone.locator('body[data-hydrated]').waitFor();
  const recovery = await setUpSecondStep(phone, PRACTITIONER.email);
  expect(recovery[0]).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  await expect(phone.getByRole('link', { name: 'Team' })).toHaveCount(0);
  await phone.getByRole('button', { name: 'Afmelden' }).click();
  await expect(phone).toHaveURL(/\/login$/);

  // Signing in asks for a code after the password; a wrong one is refused and stays on screen.
  await giveThePassword(phone, PRACTITIONER);
  await expect(phone.getByRole('heading', { name: 'Tweede stap' })).toBeVisible();
  await phone.getByLabel('Code', { exact: true }).fill('123456');
  await phone.getByRole('button', { name: 'Inloggen' }).click();
  await expect(phone.getByText('Deze code klopt niet.', { exact: false })).toBeVisible();
  await expect(phone.getByLabel('Code', { exact: true })).toHaveValue('123456');
  await withFreshCode(phone, PRACTITIONER.email, async (code) => {
    await phone.getByLabel('Code', { exact: true }).fill(code);
    await phone.getByRole('button', { name: 'Inloggen' }).click();
    await expect(phone).toHaveURL(/\/clients$/);
  });
  await phone.locator('body[data-hydrated]').waitFor();
  await phone.getByRole('button', { name: 'Afmelden' }).click();
  await expect(phone).toHaveURL(/\/login$/);

  // Phone left at home: a recovery code works, once.
  await giveThePassword(phone, PRACTITIONER);
  await phone.getByLabel('Code', { exact: true }).fill(recovery[0].toUpperCase());
  await phone.getByRole('button', { name: 'Inloggen' }).click();
  await expect(phone.getByText('U heeft er nog 9', { exact: false })).toBeVisible();
  await phone.getByRole('button', { name: 'Verder' }).click();
  await expect(phone).toHaveURL(/\/clients$/);
  await phone.locator('body[data-hydrated]').waitFor();
  await phone.getByRole('button', { name: 'Afmelden' }).click();
  await expect(phone).toHaveURL(/\/login$/);
  await giveThePassword(phone, PRACTITIONER);
  await phone.getByLabel('Code', { exact: true }).fill(recovery[0]);
  await phone.getByRole('button', { name: 'Inloggen' }).click();
  await expect(phone.getByText('Deze code klopt niet.', { exact: false })).toBeVisible();
  await withFreshCode(phone, PRACTITIONER.email, async (code) => {
    await phone.getByLabel('Code', { exact: true }).fill(code);
    await phone.getByRole('button', { name: 'Inloggen' }).click();
    await expect(phone).toHaveURL(/\/clients$/);
  });
  await phone.locator('body[data-hydrated]').waitFor();

  // Her own security page: where she is signed in, and a new password with a code.
  await phone.getByRole('link', { name: 'Beveiliging' }).click();
  await expect(phone.getByRole('heading', { name: 'Beveiliging', level: 1 })).toBeVisible();
  await expect(phone.getByText('dit apparaat')).toBeVisible();
  await expect(phone.getByTestId('recovery-codes-left')).toHaveText('U heeft nog 9 ongebruikte herstelcodes.');
  const newPassword = 'een tweede eigen wachtwoord';
  await phone.getByLabel('Huidig wachtwoord').fill(PRACTITIONER.password);
  await phone.getByLabel('Nieuw wachtwoord').fill(newPassword);
  await phone.getByLabel('Herhaal het wachtwoord').fill(newPassword);
  await phone.getByRole('region', { name: 'Wachtwoord wijzigen' }).getByLabel('Code', { exact: true }).fill('000000');
  await phone.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
  await expect(phone.getByText('Deze code klopt niet.', { exact: false })).toBeVisible();
  await expect(phone.getByLabel('Nieuw wachtwoord')).toHaveValue(newPassword);
  await withFreshCode(phone, PRACTITIONER.email, async (code) => {
    await phone.getByRole('region', { name: 'Wachtwoord wijzigen' }).getByLabel('Code', { exact: true }).fill(code);
    await phone.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
    await expect(phone.getByText('Uw wachtwoord is gewijzigd.', { exact: false })).toBeVisible();
  });
  await phone.getByRole('button', { name: 'Afmelden' }).click();
  await expect(phone).toHaveURL(/\/login$/);
  await signIn(phone, { email: PRACTITIONER.email, password: newPassword });
  await phoneContext.close();
});
