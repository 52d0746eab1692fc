import { CDPSession, expect, Locator, Page } from '@playwright/test';

/** The first-run code each test server is started with (ZORGVULDIG_SETUP_CODE). */
export const SETUP_CODE = '2468 1357';

export const OWNER = {
  name: 'Jindra Venneker',
  email: 'jindra@praktijk.test',
  password: 'vier woorden lang wachtwoord',
};

/** Opens a page and waits until the app has hydrated, so typing reaches the live app. */
export async function open(page: Page, path: string) {
  await page.goto(path);
  await page.locator('body[data-hydrated]').waitFor();
}

export async function signIn(page: Page) {
  await open(page, '/login');
  await page.getByLabel('E-mailadres').fill(OWNER.email);
  await page.getByLabel('Wachtwoord').fill(OWNER.password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page).toHaveURL(/\/clients$/);
  await page.locator('body[data-hydrated]').waitFor();
}

/** The page fits the screen: nothing to scroll sideways on a phone. */
export async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'page is wider than the screen').toBeLessThanOrEqual(0);
}

export async function createClient(page: Page, first: string, last: string, born: string) {
  await open(page, '/clients/new');
  await page.getByLabel('Voornaam').fill(first);
  await page.getByLabel('Achternaam').fill(last);
  await page.getByLabel('Geboortedatum').fill(born);
  await page.getByLabel('Mobiel nummer').fill('0612345678');
  await page.getByRole('button', { name: 'Dossier aanmaken' }).click();
  await expect(page.getByRole('heading', { name: `${first} ${last}` })).toBeVisible();
  return new URL(page.url()).pathname;
}

/** Hands the tablet to the client, who first chooses the language of the texts. */
export async function handOver(page: Page, purposes: string[], language: 'Nederlands' | 'English' = 'Nederlands') {
  for (const purpose of purposes) await page.getByLabel(purpose).check();
  await page.getByRole('button', { name: 'Geef aan cliënt' }).click();
  await expect(page).toHaveURL(/\/kiosk$/);
  await page.locator('body[data-hydrated]').waitFor();
  await expect(page.getByRole('heading', { name: 'Kies uw taal' })).toBeVisible();
  await page.getByRole('button', { name: language, exact: true }).click();
  // The tablet loads again, in the chosen language.
  await expect(page.getByRole('heading', { name: language === 'English' ? /^Welcome/ : /^Welkom/ })).toBeVisible();
  await page.locator('body[data-hydrated]').waitFor();
}

/** Draws one stroke with a finger: real touch events, which the browser turns into pointer events. */
export async function drawStroke(page: Page, cdp: CDPSession, from: [number, number], to: [number, number]) {
  const box = await page.locator('.signature-pad canvas').boundingBox();
  if (!box) throw new Error('no signature pad');
  const at = (fx: number, fy: number) => ({ x: box.x + fx * box.width, y: box.y + fy * box.height });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at(...from)] });
  for (let i = 1; i <= 20; i++) {
    const f = i / 20;
    const x = from[0] + (to[0] - from[0]) * f;
    const y = from[1] + (to[1] - from[1]) * f + Math.sin(f * 6) * 0.08;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [at(x, y)] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

/** Confirms a withdrawal that was asked for on a consent card, saying how the client asked. */
export async function withdrawWithReason(card: Locator, reason: string) {
  await card.getByLabel('Hoe en waarom trekt de cliënt in?').fill(reason);
  await card.getByRole('button', { name: 'Ja, intrekken' }).click();
}

/** The client gives one consent on this device (a phone works too), and the practitioner takes
 * it back with the password: the dossier is open again afterwards. */
export async function giveConsentOnDevice(page: Page, purpose: string) {
  const dossier = page.url();
  await handOver(page, [purpose]);
  await page.getByRole('button', { name: 'Ja, ik teken' }).click();
  const cdp = await page.context().newCDPSession(page);
  await drawStroke(page, cdp, [0.1, 0.5], [0.45, 0.4]);
  await drawStroke(page, cdp, [0.5, 0.3], [0.85, 0.6]);
  await page.getByRole('dialog').getByRole('button', { name: 'Bevestig handtekening' }).click();
  await expect(page.getByText('U heeft toestemming gegeven.')).toBeVisible();
  await page.getByRole('button', { name: 'Klaar: geef de tablet terug' }).click();
  await page.getByLabel('Wachtwoord van de behandelaar').fill(OWNER.password);
  await page.getByRole('button', { name: 'Ontgrendelen' }).click();
  await expect(page).toHaveURL(dossier);
  await page.locator('body[data-hydrated]').waitFor();
}
