import { expect, test as base } from '@playwright/test';

/** Every browser test fails on a console error or a Content-Security-Policy violation: a
 * blocked script or a failed hydration often leaves the server HTML looking fine. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await use(errors);
      // A refused sign-in answers 4xx/5xx on purpose; the browser logs that as a failed load.
      const unexpected = errors.filter((e) => !/Failed to load resource: the server responded with a status of (401|403|500)/.test(e));
      expect(unexpected, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
