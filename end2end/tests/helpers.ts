import { CDPSession, expect, Locator, Page } from '@playwright/test';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

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

/** A cheap tablet on a slow network: the page shows long before its WebAssembly arrives.
 * Holds every module back until the returned function lets them through. */
export async function holdTheApp(page: Page): Promise<() => void> {
  let arrive!: () => void;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  await page.route('**/pkg/*.wasm', async (route) => {
    await arrived;
    await route.continue();
  });
  return arrive;
}

/** Signs in with password and a fresh code from the account's authenticator app. */
export async function signIn(page: Page, who: { email: string; password: string } = OWNER) {
  await giveThePassword(page, who);
  await withFreshCode(page, who.email, async (code) => {
    await page.getByLabel('Code', { exact: true }).fill(code);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await expect(page).toHaveURL(/\/clients$/);
  });
  await page.locator('body[data-hydrated]').waitFor();
}

/** The first step: e-mail and password, after which the app asks for the second. */
export async function giveThePassword(page: Page, who: { email: string; password: string }) {
  await open(page, '/login');
  await page.getByLabel('E-mailadres').fill(who.email);
  await page.getByLabel('Wachtwoord').fill(who.password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page).toHaveURL(/\/login\/code$/);
  await page.locator('body[data-hydrated]').waitFor();
}

/** On the set-up page: scans nothing, but types the key shown as text into the "app" (this
 * test), proves it with a code, and returns the ten recovery codes shown once. */
export async function setUpSecondStep(page: Page, email: string): Promise<string[]> {
  await expect(page.getByRole('heading', { name: 'Tweede stap instellen' })).toBeVisible();
  await expect(page.locator('.qr svg')).toBeVisible();
  const secret = (await page.getByTestId('second-step-secret').textContent())!.trim();
  await rememberSecret(page, email, secret);
  const codes = page.getByTestId('recovery-codes').locator('code');
  await withFreshCode(page, email, async (code) => {
    await page.getByLabel('Code uit de app').fill(code);
    await page.getByRole('button', { name: 'Instellen en inloggen' }).click();
    await expect(codes).toHaveCount(10);
  });
  const recovery = (await codes.allTextContents()).map((c) => c.trim());
  await page.getByRole('button', { name: 'Ik heb ze bewaard, verder' }).click();
  await expect(page).toHaveURL(/\/clients$/);
  await page.locator('body[data-hydrated]').waitFor();
  return recovery;
}

// The authenticator apps of the test's people, one folder per test server (beside its data):
// each account's secret, the last 30-second step a code was taken from, and the seconds the
// server's clock was moved (ZORGVULDIG_TEST_CLOCK_FILE). A code is accepted once per step, so
// when the last code of an account came from the current step, the server's clock is moved to
// the next step instead of waiting for it. Two workers may sign in as the same person on one
// server: a code is taken and handed in under one lock, or the server could see a later step
// before an earlier one and rightly refuse the earlier one as used.

function serverFolder(page: Page): string {
  const port = new URL(page.url()).port;
  const server = { '3101': 'phone', '3102': 'tablet', '3103': 'care' }[port];
  if (!server) throw new Error(`no test server on port ${port}`);
  return path.resolve(__dirname, '..', '.data', server);
}

function readJson(file: string): Record<string, any> {
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
}

/** Replaces a file in one step, so the server never reads it half-written. */
function writeAtOnce(file: string, text: string) {
  fs.writeFileSync(`${file}.new`, text);
  fs.renameSync(`${file}.new`, file);
}

/** Runs `work` while holding the folder's lock, which other workers wait for. */
async function locked<T>(folder: string, work: () => Promise<T>): Promise<T> {
  const lock = path.join(folder, 'authenticators.lock');
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error: any) {
      if (error.code !== 'EEXIST') throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  try {
    return await work();
  } finally {
    fs.rmdirSync(lock);
  }
}

export async function rememberSecret(page: Page, email: string, secret: string) {
  const folder = serverFolder(page);
  await locked(folder, async () => {
    const file = path.join(folder, 'authenticators.json');
    const apps = readJson(file);
    apps[email] = { secret: secret.replace(/\s+/g, ''), lastStep: 0 };
    writeAtOnce(file, JSON.stringify(apps));
  });
}

/** Hands `useCode` the code the account's app shows now (on the server's clock); no other code
 * of that server is taken until `useCode` has had the server's answer. */
export async function withFreshCode(page: Page, email: string, useCode: (code: string) => Promise<void>) {
  const folder = serverFolder(page);
  await locked(folder, async () => {
    const file = path.join(folder, 'authenticators.json');
    const clockFile = path.join(folder, 'test-clock');
    const apps = readJson(file);
    const app = apps[email];
    if (!app) throw new Error(`no second step set up for ${email}`);
    let offset = fs.existsSync(clockFile) ? Number(fs.readFileSync(clockFile, 'utf8')) : 0;
    let now = Date.now() / 1000 + offset;
    if (Math.floor(now / 30) <= app.lastStep) {
      offset += 30 * (app.lastStep - Math.floor(now / 30) + 1);
      writeAtOnce(clockFile, String(offset));
      now = Date.now() / 1000 + offset;
    }
    app.lastStep = Math.floor(now / 30);
    writeAtOnce(file, JSON.stringify(apps));
    await useCode(totp(app.secret, now));
  });
}

/** Moves the server's clock forward, as days passing would: only in a project that runs alone
 * on its server, since every session there ages with it. */
export async function moveServerClock(page: Page, seconds: number) {
  const folder = serverFolder(page);
  await locked(folder, async () => {
    const clockFile = path.join(folder, 'test-clock');
    const offset = fs.existsSync(clockFile) ? Number(fs.readFileSync(clockFile, 'utf8')) : 0;
    writeAtOnce(clockFile, String(offset + seconds));
  });
}

/** The server's time: the wall clock plus however far the tests moved it (see above). Dates the
 * server writes on a page come from it, so a test near midnight must compare with it. */
export function serverNow(page: Page): Date {
  const clockFile = path.join(serverFolder(page), 'test-clock');
  const offset = fs.existsSync(clockFile) ? Number(fs.readFileSync(clockFile, 'utf8')) : 0;
  return new Date(Date.now() + offset * 1000);
}

/** A day as the app writes it for a Dutch reader in the practice's time zone: 03-12-2026. */
export function dutchDate(date: Date): string {
  const parts = new Intl.DateTimeFormat('nl-NL', {
    timeZone: 'Europe/Amsterdam', day: '2-digit', month: '2-digit', year: 'numeric',
  }).formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('day')}-${part('month')}-${part('year')}`;
}

/** RFC 6238 with SHA-1, six digits, 30-second steps: what authenticator apps compute. */
export function totp(base32Secret: string, unixSeconds: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of base32Secret.replace(/=+$/, '').toUpperCase()) {
    bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  }
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const hmac = createHmac('sha1', key).update(counter).digest();
  const offset = hmac[hmac.length - 1] & 0xf;
  const value = (hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, '0');
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
  // The dossier is a page load: its live parts (and the screen lock's idle clock) start once
  // the app has taken it over.
  await page.locator('body[data-hydrated]').waitFor();
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

/** Unlocks the screen lock. The lock took the page out of the document, so it loads again from
 * the server: this waits until it has, and is live. */
export async function unlockScreen(page: Page, secret: string) {
  await page.getByLabel('Pincode of wachtwoord').fill(secret);
  const reloaded = page.waitForEvent('load');
  await page.getByRole('button', { name: 'Ontgrendelen' }).click();
  await reloaded;
  await page.locator('body[data-hydrated]').waitFor();
}
