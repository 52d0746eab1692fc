import { expect, test } from './fixtures';
import { createClient, open, setUpSecondStep, signIn } from './helpers';

// A name that is no word of the interface: the English-only check reads the team page too.
const DESK = { name: 'Bo Smit', email: 'bo@praktijk.test', password: 'een eigen lang wachtwoord' };

test('the owner adds a receptionist, who joins on her own phone and sees no care data; disabled, she is signed out', async ({ page, browser }, testInfo) => {
  await signIn(page);
  const dossier = await createClient(page, 'Lotte', 'Verhoef', '1988-07-21');

  await open(page, '/team');
  await expect(page.getByRole('heading', { name: 'Team', level: 1 })).toBeVisible();
  // Bad input is explained and stays on screen.
  await page.getByLabel('Naam', { exact: true }).fill(DESK.name);
  await page.getByLabel('E-mailadres').fill('geen-adres');
  await page.getByRole('button', { name: 'Toevoegen en uitnodiging maken' }).click();
  await expect(page.getByText('Dit is geen geldig e-mailadres', { exact: false })).toBeVisible();
  await expect(page.getByText('Dit veld is verplicht.')).toBeVisible();
  await expect(page.getByLabel('Naam', { exact: true })).toHaveValue(DESK.name);

  await page.getByLabel('E-mailadres').fill(DESK.email);
  await page.getByRole('radio', { name: /^Balie/ }).check();
  await page.getByRole('button', { name: 'Toevoegen en uitnodiging maken' }).click();
  const invitation = page.getByRole('region', { name: `Uitnodiging voor ${DESK.name}` });
  await expect(invitation).toBeVisible();
  await expect(invitation.locator('.qr svg')).toBeVisible();
  const link = (await page.getByTestId('invitation-link').textContent())!.trim();
  expect(link).toMatch(/\/welcome#[A-Za-z0-9_-]{40,}$/);

  // The AVG check for the new colleague closes only when everything was done.
  const check = page.getByRole('listitem', { name: DESK.name }).filter({ hasText: 'geheimhouding' });
  await check.getByLabel('Geheimhoudingsverklaring getekend').check();
  await check.getByRole('button', { name: 'Controle afronden' }).click();
  await expect(check.getByText('Vink alles aan wat gedaan is', { exact: false })).toBeVisible();
  await check.getByLabel('Uitgelegd hoe de praktijk met persoonsgegevens omgaat').check();
  await check.getByLabel('Toegang alleen tot de gegevens die nodig zijn (rol gecontroleerd)').check();
  await check.getByRole('button', { name: 'Controle afronden' }).click();
  await expect(page.getByRole('heading', { name: 'AVG-controle voor een nieuwe collega' })).toHaveCount(0);

  // Her own phone: a browser of its own, with the device of this project.
  const phoneContext = await browser.newContext({ ...testInfo.project.use, baseURL: testInfo.project.use.baseURL });
  const phone = await phoneContext.newPage();
  await phone.goto(link);
  await phone.locator('body[data-hydrated]').waitFor();
  await expect(phone.getByRole('heading', { name: `Welkom, ${DESK.name}` })).toBeVisible();
  await phone.getByLabel('Wachtwoord', { exact: true }).fill(DESK.password);
  await phone.getByLabel('Herhaal het wachtwoord').fill('iets anders dan dat');
  await phone.getByRole('button', { name: 'Wachtwoord instellen' }).click();
  await expect(phone.getByText('De wachtwoorden zijn niet gelijk.', { exact: false })).toBeVisible();
  await phone.getByLabel('Herhaal het wachtwoord').fill(DESK.password);
  await phone.getByRole('button', { name: 'Wachtwoord instellen' }).click();
  // Straight on to her second step, and then she is in as herself.
  await expect(phone).toHaveURL(/\/login\/code$/);
  await phone.locator('body[data-hydrated]').waitFor();
  await setUpSecondStep(phone, DESK.email);
  await expect(phone.getByRole('link', { name: 'Team' })).toHaveCount(0);

  // The desk sees the card and the consents, never treatments, health answers or photos.
  await open(phone, dossier);
  await expect(phone.getByRole('heading', { name: 'Lotte Verhoef' })).toBeVisible();
  await expect(phone.getByRole('heading', { name: 'Toestemmingen' })).toBeVisible();
  await expect(phone.getByRole('heading', { name: 'Behandelingen' })).toHaveCount(0);

  // The link works once only.
  const again = await phoneContext.newPage();
  await again.goto(link);
  await again.locator('body[data-hydrated]').waitFor();
  await expect(again.getByText('Deze uitnodiging werkt niet (meer)', { exact: false })).toBeVisible();

  // Offboarding: disabled, she is signed out on her next request.
  await open(page, '/team');
  const member = page.getByRole('listitem', { name: DESK.name });
  await member.getByRole('button', { name: 'Account uitschakelen' }).click();
  await member.getByRole('button', { name: 'Ja, uitschakelen' }).click();
  await expect(member.getByText('Uitgeschakeld sinds', { exact: false })).toBeVisible();
  await phone.goto('/clients');
  await expect(phone).toHaveURL(/\/login$/);
  await phoneContext.close();
});
