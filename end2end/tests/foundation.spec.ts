import { statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { expectNoSidewaysScroll, holdTheApp, open, OWNER, signIn, withFreshCode } from './helpers';

// One journey through the foundation: sign in, intake, find, read, correct, audit, sign out.
test.describe.configure({ mode: 'serial' });

let dossierUrl = '';

test('a wrong password is refused with a Dutch message', async ({ page }) => {
  await open(page, '/login');
  await page.getByLabel('E-mailadres').fill(OWNER.email);
  await page.getByLabel('Wachtwoord').fill('dit is niet het wachtwoord');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page.getByRole('alert')).toContainText('E-mailadres of wachtwoord is onjuist.');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByLabel('E-mailadres')).toHaveValue(OWNER.email);
});

test('a sign-in sent before the page is live waits for the app, and keeps what was typed', async ({ page }) => {
  const arrive = await holdTheApp(page);
  const posts: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') posts.push(new URL(request.url()).pathname);
  });
  await page.goto('/login');
  await page.evaluate(() => ((window as unknown as { samePage: boolean }).samePage = true));
  await page.getByLabel('E-mailadres').fill(OWNER.email);
  await page.getByLabel('Wachtwoord').fill('dit is niet het wachtwoord');
  const submit = page.getByRole('button', { name: 'Inloggen' });
  await expect(submit).toBeDisabled();
  const loading = page.getByText('De app wordt geladen; de knoppen werken zo.');
  await expect(loading).toBeVisible();
  await page.getByLabel('Wachtwoord').press('Enter');

  arrive();
  await page.locator('body[data-hydrated]').waitFor();
  await expect(submit).toBeEnabled();
  await expect(loading).toHaveCount(0);
  // Nothing was sent and the page never left: what was typed is still there.
  expect(posts).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);
  await expect(page.getByLabel('E-mailadres')).toHaveValue(OWNER.email);

  await submit.click();
  await expect(page.getByRole('alert')).toContainText('E-mailadres of wachtwoord is onjuist.');
  await expect(page.getByLabel('E-mailadres')).toHaveValue(OWNER.email);
});

test('intake refuses a BSN, keeps the input, and creates the dossier once corrected', async ({ page }) => {
  await signIn(page);
  await page.getByRole('link', { name: 'Nieuwe cliënt' }).first().click();
  await expect(page.getByRole('heading', { name: 'Nieuwe cliënt' })).toBeVisible();
  await expectNoSidewaysScroll(page);

  await page.getByLabel('Voornaam').fill('Zoë');
  await page.getByLabel('Achternaam').fill('van den Berg');
  await page.getByLabel('Geboortedatum').fill('1992-03-14');
  await page.getByLabel('E-mailadres').fill('zoe@example.nl');
  await page.getByLabel('Mobiel nummer').fill('06 1234 5678');
  // A BSN typed into the referrer field (people do this) must not be stored.
  await page.getByLabel('Huisarts of verwijzer').fill('Huisarts Jansen, BSN 111222333');
  await page.getByRole('button', { name: 'Dossier aanmaken' }).click();

  await expect(page.getByText('Dit lijkt op een burgerservicenummer (BSN).')).toBeVisible();
  await expect(page).toHaveURL(/\/clients\/new$/);
  await expect(page.getByLabel('Voornaam')).toHaveValue('Zoë');
  await expect(page.getByLabel('Achternaam')).toHaveValue('van den Berg');
  await expect(page.getByLabel('Mobiel nummer')).toHaveValue('06 1234 5678');

  await page.getByLabel('Huisarts of verwijzer').fill('Huisarts Jansen, Almkerk');
  await page.getByRole('button', { name: 'Dossier aanmaken' }).click();
  await expect(page).toHaveURL(/\/clients\/[0-9a-f]{32}$/);
  await expect(page.getByRole('heading', { name: 'Zoë van den Berg' })).toBeVisible();
  await expect(page.getByLabel('Gegevens', { exact: true })).toContainText('+31612345678');
  dossierUrl = new URL(page.url()).pathname;
});

test('the client is found by a partial name without accents', async ({ page }) => {
  await signIn(page);
  await expect(page.getByText('Typ een deel van een naam')).toBeVisible();
  await expectNoSidewaysScroll(page);
  await page.getByLabel('Zoek op naam').fill('zoe');
  const results = page.getByRole('list', { name: 'Zoekresultaten' });
  await expect(results.getByRole('link', { name: /Zoë van den Berg/ })).toBeVisible();
  // Two words find her when both start a word of her name, and nobody otherwise.
  await page.getByLabel('Zoek op naam').fill('berg zoe');
  await expect(results.getByRole('link', { name: /Zoë van den Berg/ })).toBeVisible();
  await page.getByLabel('Zoek op naam').fill('zoe jansen');
  await expect(page.getByText('Geen cliënten gevonden.')).toBeVisible();
  await page.getByLabel('Zoek op naam').fill('vandenb');
  await results.getByRole('link', { name: /Zoë van den Berg/ }).click();
  await expect(page).toHaveURL(dossierUrl);
  await expect(page.getByRole('heading', { name: 'Zoë van den Berg' })).toBeVisible();
  await expectNoSidewaysScroll(page);
  // The name never travels in a URL.
  expect(page.url()).not.toContain('zoe');
});

test('a name typed before the page is live stays in the box and is searched once it is', async ({ page }) => {
  await signIn(page);
  const arrive = await holdTheApp(page);
  await page.reload();
  await page.getByLabel('Zoek op naam').fill('vandenb');
  arrive();
  await page.locator('body[data-hydrated]').waitFor();
  await expect(page.getByLabel('Zoek op naam')).toHaveValue('vandenb');
  const results = page.getByRole('list', { name: 'Zoekresultaten' });
  await expect(results.getByRole('link', { name: /Zoë van den Berg/ })).toBeVisible();
});

test('a correction keeps the old value in the history', async ({ page }) => {
  await signIn(page);
  await open(page, dossierUrl);
  await page.getByRole('link', { name: 'Gegevens corrigeren' }).click();
  await expect(page.getByLabel('Mobiel nummer')).toHaveValue('+31612345678');
  await page.getByLabel('Mobiel nummer').fill('0687654321');
  await page.getByLabel('Reden van de correctie').fill('Nieuw nummer doorgegeven');
  await page.getByRole('button', { name: 'Opslaan' }).click();

  await expect(page).toHaveURL(dossierUrl);
  await expect(page.getByLabel('Gegevens', { exact: true })).toContainText('+31687654321');
  const history = page.getByRole('region', { name: 'Geschiedenis van correcties' });
  await expect(history).toContainText('Nieuw nummer doorgegeven');
  await expect(history.locator('del')).toHaveText('+31612345678');
  await expect(history.locator('ins')).toHaveText('+31687654321');
});

test('the owner sees who read and changed the dossier', async ({ page }) => {
  await signIn(page);
  await open(page, dossierUrl);
  await page.getByRole('link', { name: 'Wie heeft dit dossier ingezien?' }).click();
  await expect(page.getByRole('heading', { name: 'Inzage- en wijzigingslog' })).toBeVisible();
  await expect(page.getByText('De keten van het log is intact')).toBeVisible();
  await expectNoSidewaysScroll(page);
  for (const action of ['Dossier aangemaakt', 'Dossier ingezien', 'Gegevens gecorrigeerd', 'Log ingezien']) {
    await expect(page.getByRole('cell', { name: new RegExp(action) }).first()).toBeVisible();
  }
  await expect(page.getByRole('cell', { name: OWNER.name }).first()).toBeVisible();
});

test('after signing out the dossier URL is refused', async ({ page }) => {
  await signIn(page);
  await open(page, dossierUrl);
  await page.getByRole('button', { name: 'Afmelden' }).click();
  await expect(page).toHaveURL(/\/login$/);

  await page.goto(dossierUrl);
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByText('Zoë')).toHaveCount(0);
});

test('the app is sent as compressed once at build time, and fetched again only when it changed', async ({ request }) => {
  const wasm = join(__dirname, '..', '..', 'target', 'site', 'pkg', 'zorgvuldig.wasm');
  const response = await request.get('/pkg/zorgvuldig.wasm', { headers: { 'accept-encoding': 'br, gzip' } });
  expect(response.status()).toBe(200);
  expect(response.headers()['content-encoding']).toBe('br');
  // The build's own brotli file, as it is: nothing compressed again on the way out.
  expect(Number(response.headers()['content-length'])).toBe(statSync(`${wasm}.br`).size);
  expect(statSync(`${wasm}.br`).size).toBeLessThan(statSync(wasm).size / 3);
  expect(response.headers()['cache-control']).toBe('no-cache');
  const again = await request.get('/pkg/zorgvuldig.wasm', {
    headers: { 'accept-encoding': 'br', 'if-modified-since': response.headers()['last-modified'] },
  });
  expect(again.status()).toBe(304);
});

test('each page fetches only its own group\'s code: the sign-in page not the dossier, the dossier when it opens', async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith('.wasm')) fetched.push(path);
  });
  await open(page, '/login');
  // Its live parts are a group of their own, beside the main module every page loads.
  expect(fetched).toContain('/pkg/zorgvuldig.wasm');
  expect(fetched).toContain('/pkg/split_sign_in_page.wasm');
  expect(fetched.filter((path) => /split_(dossier|kiosk|practice|clients|signed_in)/.test(path))).toEqual([]);

  await page.getByLabel('E-mailadres').fill(OWNER.email);
  await page.getByLabel('Wachtwoord').fill(OWNER.password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page).toHaveURL(/\/login\/code$/);
  await page.locator('body[data-hydrated]').waitFor();
  await withFreshCode(page, OWNER.email, async (code) => {
    await page.getByLabel('Code', { exact: true }).fill(code);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await expect(page).toHaveURL(/\/clients$/);
  });
  await page.locator('body[data-hydrated]').waitFor();
  expect(fetched.filter((path) => path.includes('split_dossier'))).toEqual([]);
  await page.getByLabel('Zoek op naam').fill('vandenb');
  await page.getByRole('list', { name: 'Zoekresultaten' }).getByRole('link', { name: /Zoë van den Berg/ }).click();
  await expect(page).toHaveURL(dossierUrl);
  await expect(page.getByRole('heading', { name: 'Zoë van den Berg' })).toBeVisible();
  expect(fetched.some((path) => path.includes('split_dossier'))).toBe(true);
});
