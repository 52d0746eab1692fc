// The first load of a page as a mid-range phone on a slow network sees it: Lighthouse's mobile
// profile with its throttling applied to the browser (not simulated), so the moment the app
// marks itself hydrated is measured under the same throttling.
// Usage: node tools/bench/lighthouse.mjs <base url> <cookie> <path>...
// Prints one JSON line per path: score, LCP, total blocking time and hydrated (ms), bytes transferred.
// With ZORGVULDIG_LIGHTHOUSE_REQUESTS=1 it also writes every request to stderr (start and end in
// ms, bytes, path): on the throttled network each request costs a round trip of about 560 ms,
// six at a time, so how many files a page fetches shows here before it shows in the bytes.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const [base, cookie, ...paths] = process.argv.slice(2);
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  chromeFlags: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});
try {
  for (const path of paths) {
    const result = await lighthouse(`${base}${path}`, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance'],
      throttlingMethod: 'devtools',
      extraHeaders: cookie ? { Cookie: cookie } : undefined,
    });
    const { categories, audits } = result.lhr;
    if (process.env.ZORGVULDIG_LIGHTHOUSE_REQUESTS) {
      for (const request of audits['network-requests'].details.items) {
        const at = (ms) => String(Math.round(ms)).padStart(6);
        const path = request.url.replace(base, '');
        console.error(`${at(request.networkRequestTime)} ${at(request.networkEndTime)} ${String(request.transferSize).padStart(7)} ${path}`);
      }
    }
    const timings = audits['user-timings']?.details?.items ?? [];
    const hydrated = timings.find((item) => item.name === 'hydrated')?.startTime;
    console.log(
      JSON.stringify({
        path,
        score: Math.round(categories.performance.score * 100),
        lcp_ms: audits['largest-contentful-paint'].numericValue,
        blocking_ms: audits['total-blocking-time'].numericValue,
        hydrated_ms: hydrated ?? null,
        transferred_bytes: audits['total-byte-weight'].numericValue,
      }),
    );
  }
} finally {
  await chrome.kill();
}
