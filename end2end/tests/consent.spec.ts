import { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { createClient, drawStroke, handOver, holdTheApp, OWNER, signIn, withdrawWithReason } from './helpers';

// The reception desk: a tablet with touch, handed to the client to sign.
test.describe.configure({ mode: 'serial' });
test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'tablet', 'the consent hand-over is a tablet journey');
});

/** How many pixels of ink the pad shows. */
async function inkPixels(page: Page) {
  return page.locator('.signature-pad canvas').evaluate((canvas: HTMLCanvasElement) => {
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let ink = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) ink++;
    return ink;
  });
}

let dossierUrl = '';

test('the client signs on the tablet; the practitioner sees, verifies and withdraws the consent', async ({ page }) => {
  await signIn(page);
  dossierUrl = await createClient(page, 'Anouk', 'Visser', '1988-06-02');
  await handOver(page, ['Toestemming voor de behandeling', "Foto's in mijn dossier"]);

  await expect(page.getByRole('heading', { name: 'Welkom, Anouk Visser' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Toestemming voor de behandeling' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Nieuwsbrief en aanbiedingen per e-mail' })).toHaveCount(0);

  // The kiosk cannot reach the client list.
  await page.goto('/clients');
  await expect(page).toHaveURL(/\/kiosk$/);
  await page.locator('body[data-hydrated]').waitFor();
  await expect(page.getByRole('link', { name: 'Cliënten' })).toHaveCount(0);

  const treatment = page.getByRole('listitem').filter({ hasText: 'Toestemming voor de behandeling' });
  await treatment.getByRole('button', { name: 'Ja, ik teken' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Door te tekenen ga ik akkoord met: Toestemming voor de behandeling.');

  // An empty pad is explained, not silently accepted.
  await dialog.getByRole('button', { name: 'Bevestig handtekening' }).click();
  await expect(dialog.getByText('Zet eerst uw handtekening in het vak.')).toBeVisible();

  const cdp = await page.context().newCDPSession(page);
  await drawStroke(page, cdp, [0.1, 0.5], [0.35, 0.45]);
  await drawStroke(page, cdp, [0.4, 0.3], [0.55, 0.7]);
  await expect(page.locator('.signature-pad canvas')).toHaveAttribute('data-strokes', '2');
  const inkBefore = await inkPixels(page);
  expect(inkBefore).toBeGreaterThan(200);

  // The client turns the tablet: the strokes stay and are drawn again at the new size.
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: size.height, height: size.width });
  await expect(page.locator('.signature-pad canvas')).toHaveAttribute('data-strokes', '2');
  await expect.poll(() => inkPixels(page)).toBeGreaterThan(200);
  await drawStroke(page, cdp, [0.6, 0.6], [0.9, 0.4]);
  await expect(page.locator('.signature-pad canvas')).toHaveAttribute('data-strokes', '3');
  await dialog.getByRole('button', { name: 'Bevestig handtekening' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(treatment.getByText('U heeft toestemming gegeven.')).toBeVisible();

  const photos = page.getByRole('listitem').filter({ hasText: "Foto's in mijn dossier" });
  await photos.getByRole('button', { name: 'Nee, liever niet' }).click();
  // Asked once, with what it means; nothing is recorded yet.
  await expect(photos.getByText('U geeft voor dit onderdeel geen toestemming.')).toBeVisible();
  await expect(photos.getByText('U heeft geen toestemming gegeven.')).toHaveCount(0);
  await photos.getByRole('button', { name: 'Ja, ik zeg nee' }).click();
  await expect(photos.getByText('U heeft geen toestemming gegeven.')).toBeVisible();

  // Done: the screen is wiped to a lock screen without any client data.
  await page.getByRole('button', { name: 'Klaar: geef de tablet terug' }).click();
  await expect(page.getByRole('heading', { name: 'Geef de tablet terug aan uw behandelaar' })).toBeVisible();
  await expect(page.getByText('Anouk')).toHaveCount(0);
  // Nor anywhere in the page: not in the data it was first sent with.
  expect(await page.content()).not.toContain('Anouk');
  expect(await page.content()).not.toContain('Toestemming voor de behandeling');
  // The next person to pick the tablet up and reload it finds nothing either: not on screen,
  // not in the page's HTML or the data it carries for the app.
  const reloaded = await page.reload();
  const html = (await reloaded!.text());
  expect(html).not.toContain('Visser');
  expect(html).not.toContain('Toestemming voor de behandeling');
  await page.locator('body[data-hydrated]').waitFor();
  await expect(page.getByRole('heading', { name: 'Geef de tablet terug aan uw behandelaar' })).toBeVisible();
  expect(await page.content()).not.toContain('Visser');

  await page.getByLabel('Wachtwoord van de behandelaar').fill('niet het wachtwoord');
  await page.getByRole('button', { name: 'Ontgrendelen' }).click();
  await expect(page.getByRole('alert')).toContainText('Dit wachtwoord is onjuist.');
  await page.getByLabel('Wachtwoord van de behandelaar').fill(OWNER.password);
  await page.getByRole('button', { name: 'Ontgrendelen' }).click();
  await expect(page).toHaveURL(dossierUrl);
  await page.locator('body[data-hydrated]').waitFor();

  const card = page.getByRole('listitem', { name: 'Toestemming voor de behandeling' });
  await expect(card.getByText('Gegeven')).toBeVisible();
  await expect(card.getByRole('img', { name: 'Getekend door Anouk Visser' })).toBeVisible();
  await expect(page.getByRole('listitem', { name: "Foto's in mijn dossier" }).getByText('Geweigerd')).toBeVisible();

  await card.getByRole('button', { name: 'Controleer' }).click();
  await expect(card.getByRole('status')).toContainText('Intact');

  // The client's copy of what they signed.
  const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('link', { name: 'Kopie (pdf)' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^toestemming-[0-9a-f]{8}\.pdf$/);

  await card.getByRole('button', { name: 'Intrekken' }).click();
  await withdrawWithReason(card, 'op verzoek van de cliënt per e-mail');
  await expect(page.getByRole('listitem', { name: 'Toestemming voor de behandeling' }).getByText('Ingetrokken')).toBeVisible();
});

test('a client under 16 cannot sign without a parent or guardian', async ({ page }) => {
  await signIn(page);
  await createClient(page, 'Mila', 'Jansen', '2014-05-01');
  await handOver(page, ["Foto's op de website en sociale media"]);
  await expect(page.getByText('jonger is dan 16 jaar')).toBeVisible();

  await page.getByRole('button', { name: 'Ja, ik teken' }).click();
  const dialog = page.getByRole('dialog');
  const cdp = await page.context().newCDPSession(page);
  await drawStroke(page, cdp, [0.1, 0.5], [0.5, 0.4]);
  await drawStroke(page, cdp, [0.5, 0.3], [0.8, 0.6]);
  await dialog.getByRole('button', { name: 'Bevestig handtekening' }).click();
  await expect(dialog.getByText('Dit veld is verplicht.').first()).toBeVisible();
  await expect(page.locator('.signature-pad canvas')).toHaveAttribute('data-strokes', '2');

  await dialog.getByLabel('Naam van de ouder of voogd').fill('Eva Jansen');
  await dialog.getByLabel('Relatie tot de cliënt').fill('moeder');
  await dialog.getByRole('button', { name: 'Bevestig handtekening' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText('U heeft toestemming gegeven.')).toBeVisible();

  await page.getByRole('button', { name: 'Klaar: geef de tablet terug' }).click();
  await page.getByLabel('Wachtwoord van de behandelaar').fill(OWNER.password);
  await page.getByRole('button', { name: 'Ontgrendelen' }).click();
  const card = page.getByRole('listitem', { name: "Foto's op de website en sociale media" });
  await expect(card.getByRole('img', { name: 'Getekend door Eva Jansen (moeder)' })).toBeVisible();
});

test('a parent signs every consent of one hand-over but types name and relationship once', async ({ page }) => {
  await signIn(page);
  await createClient(page, 'Sem', 'Jongeling', '2015-09-09');
  await handOver(page, ['Toestemming voor de behandeling', 'Aanbiedingen per sms']);

  await page.getByRole('listitem').filter({ hasText: 'Toestemming voor de behandeling' }).first()
    .getByRole('button', { name: 'Ja, ik teken' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('De cliënt is jonger dan 16 jaar');
  await expect(dialog.getByLabel('Naam van de ouder of voogd')).toHaveValue('');
  // Asked to sign first; the message goes as soon as there is ink in the box.
  await dialog.getByLabel('Naam van de ouder of voogd').fill('Eva Jongeling');
  await dialog.getByLabel('Relatie tot de cliënt').fill('moeder');
  await dialog.getByRole('button', { name: 'Bevestig handtekening' }).click();
  await expect(dialog.getByText('Zet eerst uw handtekening in het vak.')).toBeVisible();
  const cdp = await page.context().newCDPSession(page);
  await drawStroke(page, cdp, [0.1, 0.5], [0.5, 0.4]);
  await expect(dialog.getByText('Zet eerst uw handtekening in het vak.')).toHaveCount(0);
  await drawStroke(page, cdp, [0.5, 0.3], [0.8, 0.6]);
  await dialog.getByRole('button', { name: 'Bevestig handtekening' }).click();
  await expect(dialog).toHaveCount(0);

  await page.getByRole('listitem').filter({ hasText: 'Aanbiedingen per sms' }).first()
    .getByRole('button', { name: 'Ja, ik teken' }).click();
  await expect(dialog.getByLabel('Naam van de ouder of voogd')).toHaveValue('Eva Jongeling');
  await expect(dialog.getByLabel('Relatie tot de cliënt')).toHaveValue('moeder');
  await expect(dialog).toContainText('ingevuld zoals bij de vorige toestemming');
  await drawStroke(page, cdp, [0.1, 0.5], [0.5, 0.4]);
  await drawStroke(page, cdp, [0.5, 0.3], [0.8, 0.6]);
  await dialog.getByRole('button', { name: 'Bevestig handtekening' }).click();
  await expect(dialog).toHaveCount(0);

  await page.getByRole('button', { name: 'Klaar: geef de tablet terug' }).click();
  await page.getByLabel('Wachtwoord van de behandelaar').fill(OWNER.password);
  await page.getByRole('button', { name: 'Ontgrendelen' }).click();
  const sms = page.getByRole('listitem', { name: 'Aanbiedingen per sms' });
  await expect(sms.getByRole('img', { name: 'Getekend door Eva Jongeling (moeder)' })).toBeVisible();
});

test('a box ticked before the page is live counts when the tablet is handed over', async ({ page }) => {
  await signIn(page);
  const dossier = await createClient(page, 'Tim', 'Vroeg', '1992-06-06');
  // A quick hand on a slow tablet: the box is ticked before the app has taken the page over.
  const arrive = await holdTheApp(page);
  await page.reload();
  await page.getByLabel('Aanbiedingen per sms').check();
  arrive();
  await page.locator('body[data-hydrated]').waitFor();
  await expect(page.getByLabel('Aanbiedingen per sms')).toBeChecked();
  await page.getByRole('button', { name: 'Geef aan cliënt' }).click();
  await expect(page).toHaveURL(/\/kiosk$/);
  await page.locator('body[data-hydrated]').waitFor();
  await page.getByRole('button', { name: 'Nederlands', exact: true }).click();
  await expect(page.getByRole('heading', { name: /^Welkom/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Aanbiedingen per sms' })).toBeVisible();
  await page.locator('body[data-hydrated]').waitFor();
  await page.getByRole('button', { name: 'Tablet teruggeven' }).click();
  await page.getByLabel('Wachtwoord van de behandelaar').fill(OWNER.password);
  await page.getByRole('button', { name: 'Ontgrendelen' }).click();
  await expect(page).toHaveURL(dossier);
});
