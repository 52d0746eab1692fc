import { expect, Page } from '@playwright/test';

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
