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
      // A refusal (wrong password, a field error, a conflict, too many tries) answers its 4xx
      // status on purpose, and the browser logs that as a failed load. A 500 is a real failure.
      const refusal = /Failed to load resource: the server responded with a status of (401|403|404|409|422|429)/;
      const unexpected = errors.filter((e) => !refusal.test(e));
      expect(unexpected, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
