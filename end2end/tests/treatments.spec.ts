import { Locator, Page } from '@playwright/test';
import path from 'node:path';
import { expect, test } from './fixtures';
import {
  createClient,
  expectNoSidewaysScroll,
  giveConsentOnDevice,
  holdTheApp,
  open,
  OWNER,
  serverNow,
  signIn,
  unlockScreen,
  withdrawWithReason,
} from './helpers';

// Between two treatments, with one hand: on the phone, and on the reception tablet too.
test.describe.configure({ mode: 'serial' });

const PHOTO_WITH_GPS = path.join(__dirname, '..', 'fixtures', 'phone-photo-with-gps.jpg');

/** Counts the taps a practitioner makes, so the test can hold the journey to its budget. */
function tapCounter() {
  let taps = 0;
  return {
    tap: async (target: Locator) => {
      taps += 1;
      await target.tap();
    },
    get count() {
      return taps;
    },
  };
}

async function addTreatment(page: Page, type: string, notes: string) {
  await page.getByRole('link', { name: 'Behandeling toevoegen' }).tap();
  await page.locator('body[data-hydrated]').waitFor();
  await page.getByText(type, { exact: true }).tap();
  await page.getByLabel('Notities').fill(notes);
  await page.getByRole('button', { name: 'Behandeling opslaan' }).tap();
  await expect(page.getByRole('listitem', { name: new RegExp(type) })).toBeVisible();
}

test('a treatment with notes takes at most five taps and shows in the timeline', async ({ page }) => {
  await signIn(page);
  await createClient(page, 'Fenna', 'Bakker', '1991-02-14');

  const { tap, count } = tapCounter();
  await tap(page.getByRole('link', { name: 'Behandeling toevoegen' }));
  await page.locator('body[data-hydrated]').waitFor();
  // The practice's day by the server's clock, also in the hour the server's zone (UTC) is a
  // day behind Amsterdam.
  const today = serverNow(page).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
  await expect(page.getByLabel('Datum')).toHaveValue(today);
  await tap(page.getByText('Gezichtsbehandeling', { exact: true }));
  await tap(page.getByLabel('Notities'));
  await page.keyboard.type('Huid rustig, lichte roodheid op de wangen.');
  await tap(page.getByRole('button', { name: 'Behandeling opslaan' }));
  expect(count).toBeLessThanOrEqual(5);

  const item = page.getByRole('listitem', { name: /Gezichtsbehandeling/ });
  await expect(item).toContainText('Huid rustig, lichte roodheid op de wangen.');
  const shown = today.split('-').reverse().join('-');
  await expect(page.getByText(`Laatste behandeling: ${shown}`)).toBeVisible();
  await expectNoSidewaysScroll(page);

  // A BSN typed into the notes is refused, and what was typed stays on screen.
  await page.getByRole('link', { name: 'Behandeling toevoegen' }).tap();
  await page.locator('body[data-hydrated]').waitFor();
  await page.getByText('Massage', { exact: true }).tap();
  await page.getByLabel('Notities').fill('Verzekerd onder BSN 111222333');
  await page.getByRole('button', { name: 'Behandeling opslaan' }).tap();
  await expect(page.getByText('Dit lijkt op een burgerservicenummer (BSN).')).toBeVisible();
  await expect(page.getByLabel('Notities')).toHaveValue('Verzekerd onder BSN 111222333');
});

test('a photo with GPS in it is stored and shown as a thumbnail without its metadata', async ({ page }) => {
  await signIn(page);
  await createClient(page, 'Sara', 'Mulder', '1985-09-30');
  await giveConsentOnDevice(page, "Foto's in mijn dossier");
  await addTreatment(page, 'Peeling', 'Eerste peeling, huid gevoelig.');

  // A scan instead of a photo is explained, and nothing is added.
  await page.getByLabel('Foto vóór maken').setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7 scan') });
  await expect(page.getByText('Dit bestand is geen foto die wij kunnen lezen (JPEG, PNG of WebP).')).toBeVisible();
  await expect(page.getByRole('img', { name: /^Foto vóór, / })).toHaveCount(0);

  await page.getByLabel('Foto na maken').setInputFiles(PHOTO_WITH_GPS);
  const thumbnail = page.getByRole('img', { name: /^Foto na, / });
  await expect(thumbnail).toBeVisible();
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

  // What the browser received has no EXIF block, so no GPS position.
  const src = await thumbnail.getAttribute('src');
  const served = await page.request.get(src!);
  expect(served.headers()['content-type']).toBe('image/jpeg');
  expect((await served.body()).includes(Buffer.from('Exif\0\0'))).toBe(false);
  await expectNoSidewaysScroll(page);

  // The client withdraws photo consent: the photo is flagged, no new ones, and it can be deleted.
  const photoConsent = page.getByRole('listitem', { name: "Foto's in mijn dossier" });
  await photoConsent.getByRole('button', { name: 'Intrekken' }).click();
  await expect(photoConsent.getByText("De foto's in het dossier worden gemarkeerd om te verwijderen")).toBeVisible();
  await withdrawWithReason(photoConsent, 'mondeling bij de balie');
  await expect(page.getByText('Toestemming ingetrokken: wordt verwijderd')).toBeVisible();
  await expect(page.getByLabel('Foto na maken')).toHaveCount(0);
  await page.getByRole('button', { name: 'Nu verwijderen' }).click();
  await expect(page.getByText('Deze foto wordt definitief verwijderd')).toBeVisible();
  await expect(page.getByRole('img', { name: /^Foto na, / })).toBeVisible();
  await page.getByRole('button', { name: 'Ja, foto verwijderen' }).click();
  await expect(page.getByRole('img', { name: /^Foto na, / })).toHaveCount(0);
});

test('a photo chosen before the page is live is sent once it is', async ({ page }) => {
  await signIn(page);
  await createClient(page, 'Vera', 'Vlug', '1990-04-04');
  await giveConsentOnDevice(page, "Foto's in mijn dossier");
  await addTreatment(page, 'Peeling', 'Foto snel gekozen.');
  // A quick hand on a slow phone: the camera's photo comes back before the app is live.
  const arrive = await holdTheApp(page);
  await page.reload();
  await page.getByLabel('Foto vóór maken').setInputFiles(PHOTO_WITH_GPS);
  arrive();
  await expect(page.getByRole('img', { name: /^Foto vóór, / })).toBeVisible();
});

test('without photo consent no photo can be taken, and the server refuses one too', async ({ page }) => {
  await signIn(page);
  const dossier = await createClient(page, 'Noor', 'Smit', '1979-12-03');
  await addTreatment(page, 'Massage', 'Schouders en nek.');

  await expect(page.getByText("Geen foto's: de cliënt heeft (nu) geen toestemming gegeven")).toBeVisible();
  await expect(page.getByLabel('Foto na maken')).toHaveCount(0);

  // Even a hand-made request from this signed-in browser is refused.
  const clientId = dossier.split('/').pop()!;
  const treatmentId = await page.evaluate(async (clientId) => {
    const response = await fetch('/api/clients/get', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ id: clientId }),
    });
    return (await response.json()).care.treatments[0].id as string;
  }, clientId);
  const answer = await page.evaluate(
    async ([clientId, treatmentId, photo]) => {
      const form = new FormData();
      form.set('client_id', clientId);
      form.set('treatment_id', treatmentId);
      form.set('moment', 'after');
      form.set('photo', new Blob([Uint8Array.from(atob(photo), (c) => c.charCodeAt(0))], { type: 'image/jpeg' }), 'foto.jpg');
      const response = await fetch('/api/photos/upload', { method: 'POST', body: form });
      return { ok: response.ok, body: await response.text() };
    },
    [clientId, treatmentId, (await import('node:fs')).readFileSync(PHOTO_WITH_GPS).toString('base64')],
  );
  expect(answer.ok).toBe(false);
  expect(answer.body).toContain('ConsentRequired');
});

test('after two idle minutes the screen locks and shows no client data until the PIN', async ({ page }) => {
  await page.clock.install();
  await signIn(page);

  // The practitioner sets a PIN once.
  await open(page, '/settings');
  await page.getByLabel('Nieuwe pincode').fill('27184');
  await page.getByLabel('Herhaal de pincode').fill('27184');
  await page.getByLabel('Uw wachtwoord (ter bevestiging)').fill(OWNER.password);
  await page.getByRole('button', { name: 'Pincode opslaan' }).click();
  await expect(page.getByText('Uw pincode is opgeslagen.')).toBeVisible();

  await createClient(page, 'Lotte', 'de Boer', '1993-07-21');
  await expect(page.getByRole('heading', { name: 'Lotte de Boer' })).toBeVisible();

  await page.clock.fastForward('01:30');
  await expect(page.getByRole('heading', { name: 'Lotte de Boer' })).toBeVisible();
  const lockedOnServer = page.waitForResponse((r) => r.url().endsWith('/api/screen/lock') && r.ok());
  await page.clock.fastForward('00:35');
  await expect(page.getByRole('heading', { name: 'Scherm vergrendeld' })).toBeVisible();
  await expect(page.locator('main')).not.toContainText('Lotte');
  await expect(page.locator('main')).not.toContainText('de Boer');
  // A reload that came before the lock reached the server would abort it on the way.
  await lockedOnServer;

  // A reload does not bring the dossier back: the server holds the lock too.
  await page.reload();
  await page.locator('body[data-hydrated]').waitFor();
  await expect(page.getByRole('heading', { name: 'Scherm vergrendeld' })).toBeVisible();
  await expect(page.locator('main')).not.toContainText('Lotte');

  await page.getByLabel('Pincode of wachtwoord').fill('99999');
  await page.getByRole('button', { name: 'Ontgrendelen' }).click();
  await expect(page.getByRole('alert')).toContainText('Deze pincode of dit wachtwoord is onjuist.');
  await page.getByLabel('Pincode of wachtwoord').fill('27184');
  // The refusal answered the last try, not the one being typed.
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.getByRole('button', { name: 'Ontgrendelen' }).click();
  await expect(page.getByRole('heading', { name: 'Lotte de Boer' })).toBeVisible();
});

test('a correction keeps what was written before', async ({ page }) => {
  await signIn(page);
  await createClient(page, 'Iris', 'Hendriks', '1970-03-08');
  await addTreatment(page, 'Gezichtsbehandeling', 'Huid droog.');

  await page.getByRole('link', { name: 'Corrigeren', exact: true }).tap();
  await page.locator('body[data-hydrated]').waitFor();
  await expect(page.getByLabel('Notities')).toHaveValue('Huid droog.');
  await page.getByLabel('Notities').fill('Huid droog, vooral rond de ogen.');
  await page.getByLabel('Reden van de correctie').fill('aangevuld');
  await page.getByRole('button', { name: 'Opslaan' }).tap();

  const item = page.getByRole('listitem', { name: /Gezichtsbehandeling/ });
  await expect(item).toContainText('Huid droog, vooral rond de ogen.');
  await item.getByText('Correcties (1)').tap();
  await expect(item.locator('del')).toHaveText('Huid droog.');
  await expect(item).toContainText('aangevuld');
});

test('health questions are asked only with consent for health data', async ({ page }) => {
  await signIn(page);
  await createClient(page, 'Maud', 'Peters', '1982-11-11');
  const health = page.locator('section.health');
  await expect(health).toContainText('Gezondheidsgegevens mogen alleen worden vastgelegd met toestemming');
  await expect(health.getByLabel('Allergieën')).toHaveCount(0);

  await giveConsentOnDevice(page, 'Vastleggen van gezondheidsgegevens en huidtype');
  await health.getByLabel('Allergieën').fill('Noten, latex');
  await health.getByRole('button', { name: 'Gezondheidsvragen opslaan' }).tap();
  // Pregnancy must be answered, and what was typed stays.
  await expect(health.getByText('Maak een keuze.')).toBeVisible();
  await expect(health.getByLabel('Allergieën')).toHaveValue('Noten, latex');
  await health.getByText('Nee', { exact: true }).tap();
  await health.getByRole('button', { name: 'Gezondheidsvragen opslaan' }).tap();
  await expect(health.getByRole('definition').first()).toHaveText('Noten, latex');
});

test('the owner adds a treatment type with health data; its first use asks for an AVG check', async ({ page }) => {
  await signIn(page);
  await open(page, '/treatment-types');
  await page.getByLabel('Naam').fill('Microneedling');
  await page.getByLabel('Bij deze behandeling leg ik gezondheidsgegevens vast').check();
  await page.getByRole('button', { name: 'Toevoegen' }).tap();
  await expect(page.getByRole('listitem', { name: 'Microneedling' })).toContainText('gezondheidsgegevens');
  const reminder = page.locator('.reminders li').filter({ hasText: 'Microneedling' });
  await expect(reminder).toHaveCount(0);

  await createClient(page, 'Eva', 'Willems', '1990-01-20');
  await addTreatment(page, 'Microneedling', 'Eerste sessie.');

  await open(page, '/treatment-types');
  await expect(page.getByRole('heading', { name: 'AVG-check nodig' })).toBeVisible();
  await expect(reminder).toContainText('voor het eerst gebruikt');
  await reminder.getByRole('button', { name: 'AVG-check gedaan' }).tap();
  await expect(reminder).toHaveCount(0);

  // A typo in a name is mended in place; earlier treatments follow.
  const type = page.getByRole('listitem', { name: 'Microneedling' });
  await type.getByRole('button', { name: 'Wijzigen' }).tap();
  await type.getByLabel('Nieuwe naam').fill('Microneedling (dermapen)');
  await type.getByRole('button', { name: 'Opslaan' }).tap();
  await expect(page.getByRole('listitem', { name: 'Microneedling (dermapen)' })).toBeVisible();
  await expectNoSidewaysScroll(page);
});

test('the owner retires a treatment type: it is not offered until she takes it back into use', async ({ page }) => {
  await signIn(page);
  await open(page, '/treatment-types');
  const peeling = page.getByRole('listitem', { name: 'Peeling' });
  await peeling.getByRole('button', { name: 'Uit gebruik nemen' }).tap();
  await expect(peeling).toContainText('uit gebruik');

  await createClient(page, 'Fleur', 'Bakker', '1988-04-02');
  await page.getByRole('link', { name: 'Behandeling toevoegen' }).tap();
  await page.locator('body[data-hydrated]').waitFor();
  await expect(page.getByText('Gezichtsbehandeling', { exact: true })).toBeVisible();
  await expect(page.getByText('Peeling', { exact: true })).toHaveCount(0);

  await open(page, '/treatment-types');
  await peeling.getByRole('button', { name: 'Weer gebruiken' }).tap();
  await expect(peeling).not.toContainText('uit gebruik');
});

test('the owner sets the lock time; a number out of range and an easy PIN are refused in Dutch', async ({ page }) => {
  await page.clock.install();
  await signIn(page);
  await open(page, '/settings');
  const minutes = await lockTimeOutOfRangeIsRefused(page);
  await minutes.fill('5');
  await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
  await expect(page.getByText('Opgeslagen.')).toBeVisible();

  await page.getByLabel('Nieuwe pincode').fill('12345');
  await page.getByLabel('Herhaal de pincode').fill('12354');
  await page.getByRole('button', { name: 'Pincode opslaan' }).click();
  await expect(page.getByText('Deze pincode is te makkelijk te raden. Kies andere cijfers.')).toBeVisible();
  await expect(page.getByText('De pincodes zijn niet gelijk.')).toBeVisible();
  await expect(page.getByLabel('Nieuwe pincode')).toHaveValue('12345');

  // The new time holds: not locked after four and a half minutes, locked after five.
  await createClient(page, 'Noor', 'Smit', '1979-09-30');
  await page.clock.fastForward('04:30');
  await expect(page.getByRole('heading', { name: 'Noor Smit' })).toBeVisible();
  await page.clock.fastForward('00:35');
  await expect(page.getByRole('heading', { name: 'Scherm vergrendeld' })).toBeVisible();
  await expect(page.locator('main')).not.toContainText('Noor');
  // Unlocked on the spot, without a reload: the app goes on working.
  await page.getByLabel('Pincode of wachtwoord').fill(OWNER.password);
  await page.getByRole('button', { name: 'Ontgrendelen' }).click();
  await expect(page.getByRole('heading', { name: 'Noor Smit' })).toBeVisible();
  await page.getByRole('link', { name: 'Behandeling toevoegen' }).tap();
  await expect(page.getByRole('button', { name: 'Behandeling opslaan' })).toBeVisible();
});

test('a photo opens inside the app, and the screen lock takes it off the screen', async ({ page, context }) => {
  await page.clock.install();
  await signIn(page);
  await createClient(page, 'Noor', 'Fotoviewer', '1987-06-15');
  await giveConsentOnDevice(page, "Foto's in mijn dossier");
  await addTreatment(page, 'Peeling', 'Controle na twee weken.');
  await page.getByLabel('Foto vóór maken').setInputFiles(PHOTO_WITH_GPS);
  const thumbnail = page.getByRole('img', { name: /^Foto vóór, / });
  await expect(thumbnail).toBeVisible();

  const photoAddress = (await thumbnail.getAttribute('src'))?.replace(/\/thumb$/, '');
  await thumbnail.click();
  const viewer = page.getByRole('dialog', { name: /^Foto vóór, / });
  await expect(viewer).toBeVisible();
  const full = viewer.getByRole('img', { name: /^Foto vóór, / });
  await expect.poll(() => full.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  expect(context.pages(), 'no bare tab with the photo').toHaveLength(1);
  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);

  await thumbnail.click();
  await expect(viewer).toBeVisible();
  const lockedOnServer = page.waitForResponse((r) => r.url().endsWith('/api/screen/lock') && r.ok());
  await page.clock.fastForward('31:00');
  await expect(page.getByRole('heading', { name: 'Scherm vergrendeld' })).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.locator('img[src^="/photos/"]')).toHaveCount(0);
  // The photo's own address, opened in another tab while the screen is locked (an old link, a
  // reload): a Dutch page that says where the photo can be seen, and no photo.
  await lockedOnServer;
  const bare = await context.newPage();
  const answer = await bare.goto(photoAddress!);
  expect(answer!.status()).toBe(403);
  await expect(bare.getByText('Deze foto is alleen te zien in het dossier in Zorgvuldig')).toBeVisible();
  await expect(bare.locator('img')).toHaveCount(0);
  await bare.close();
  await unlockScreen(page, OWNER.password);

  // Withdrawn: the longer badge stays inside its pill under the photo.
  const photoConsent = page.getByRole('listitem', { name: "Foto's in mijn dossier" });
  await photoConsent.getByRole('button', { name: 'Intrekken' }).click();
  await withdrawWithReason(photoConsent, 'per e-mail');
  const badge = page.locator('.photo .status');
  await expect(badge).toHaveText('Toestemming ingetrokken: wordt verwijderd');
  const [pill, photo] = [(await badge.boundingBox())!, (await page.locator('li.photo').boundingBox())!];
  expect(pill.x + pill.width).toBeLessThanOrEqual(photo.x + photo.width + 0.5);
  const fits = await badge.evaluate((el) => el.scrollWidth <= el.clientWidth);
  expect(fits, 'the badge text runs out of its pill').toBe(true);
});

test('when the page\'s own code comes late, it is marked live only once it is: the lock time typed at once is checked', async ({ page }) => {
  await signIn(page);
  // A slow line: the settings page's piece of the app takes a second and a half to arrive.
  await page.route(/split_practice_[0-9]+\.wasm$/, async (route) => {
    await new Promise((arrived) => setTimeout(arrived, 1_500));
    await route.continue();
  });
  await open(page, '/settings');
  await lockTimeOutOfRangeIsRefused(page);
  await expect(page).toHaveURL(/\/settings$/);
});

/** On the settings page, the owner saves a lock time of 45 minutes: refused in Dutch, and her
 * 45 stays in the field. Returns the field. */
async function lockTimeOutOfRangeIsRefused(page: Page): Promise<Locator> {
  const minutes = page.getByLabel('Vergrendelen na zoveel minuten zonder gebruik');
  await minutes.fill('45');
  await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
  await expect(page.getByText('Vul een getal van 1 tot en met 30 in.')).toBeVisible();
  await expect(minutes).toHaveValue('45');
  return minutes;
}
