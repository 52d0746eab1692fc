import { defineConfig, devices } from '@playwright/test';
import { SETUP_CODE } from './tests/helpers';

// Each viewport gets its own server and a fresh database, so both run the whole journey from
// the first-run screen onwards, in parallel, without seeing each other's data.
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
};

const viewports = [
  // The narrowest phone the practices use: 360 px wide.
  { name: 'phone', port: 3101, device: { ...devices['Pixel 5'], viewport: { width: 360, height: 740 } } },
  { name: 'tablet', port: 3102, device: { ...devices['iPad (gen 7)'], browserName: 'chromium' as const } },
];

// The test command runs the server its integration tests built (ZORGVULDIG_SERVER); by hand,
// after scripts/build-site.sh, the release build.
const serverBinary = process.env.ZORGVULDIG_SERVER ?? 'target/release/zorgvuldig';

const server = (name: string, port: number) => ({
  command: `rm -rf end2end/.data/${name} && exec ${serverBinary}`,
  cwd: '..',
  url: `http://127.0.0.1:${port}/icon.svg`,
  reuseExistingServer: false,
  timeout: 60_000,
  stdout: 'ignore' as const,
  stderr: 'pipe' as const,
  env: {
    LEPTOS_OUTPUT_NAME: 'zorgvuldig',
    LEPTOS_SITE_ROOT: 'target/site',
    LEPTOS_SITE_PKG_DIR: 'pkg',
    LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
    LEPTOS_ENV: 'PROD',
    ZORGVULDIG_DATA_DIR: `end2end/.data/${name}`,
    // The tests move the server's clock through this file (see `freshCode` in helpers.ts).
    ZORGVULDIG_TEST_CLOCK_FILE: `end2end/.data/${name}/test-clock`,
    // What an automated install does instead of reading the code off the console.
    ZORGVULDIG_SETUP_CODE: SETUP_CODE,
    RUST_LOG: 'warn',
  },
});

// A care provider's practice (WGBO) on a server of its own: its dossiers are kept 20 years and
// may be kept longer on a recorded decision. Set up once; then each viewport's test uses it.
const care = { name: 'care', port: 3103 };

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
  },
  webServer: [...viewports, care].map(({ name, port }) => server(name, port)),
  projects: viewports.flatMap(({ name, port, device }) => [
    {
      name: `${name}-first-run`,
      testMatch: /first-run\.spec\.ts/,
      use: { ...device, baseURL: `http://127.0.0.1:${port}`, launchOptions: chromium },
    },
    {
      name,
      testIgnore: /(first-run|staff-language|retention|care|care-setup)\.spec\.ts/,
      dependencies: [`${name}-first-run`],
      use: { ...device, baseURL: `http://127.0.0.1:${port}`, launchOptions: chromium },
    },
    {
      // Changes the owner's own language while it runs: only once the others are done.
      name: `${name}-language`,
      testMatch: /staff-language\.spec\.ts/,
      dependencies: [name],
      use: { ...device, baseURL: `http://127.0.0.1:${port}`, launchOptions: chromium },
    },
    {
      // Moves the server's clock years on: last, alone on its server.
      name: `${name}-retention`,
      testMatch: /retention\.spec\.ts/,
      dependencies: [`${name}-language`],
      use: { ...device, baseURL: `http://127.0.0.1:${port}`, launchOptions: chromium },
    },
    {
      name: `${name}-care`,
      testMatch: /care\.spec\.ts/,
      dependencies: ['care-setup'],
      use: { ...device, baseURL: `http://127.0.0.1:${care.port}`, launchOptions: chromium },
    },
  ]).concat([
    {
      name: 'care-setup',
      testMatch: /care-setup\.spec\.ts/,
      use: { ...viewports[0].device, baseURL: `http://127.0.0.1:${care.port}`, launchOptions: chromium },
    },
  ]),
});
