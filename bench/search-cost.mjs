// What a search costs in the browser: the search page of each site given, in Chromium, a
// query typed in; the time to the first result, and the files fetched from pagefind/ and
// their bytes. Runs alternate between the sites, each in a new browser context.
//
//   node bench/search-cost.mjs URL... [--query Q]... [--runs N]
//
// Serve each built site first (`broadsheet serve --port 8801` in its folder). Needs
// Chromium at /usr/bin/chromium (Debian's package; see scripts/install-test-tools.sh).
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values, positionals: sites } = parseArgs({
  allowPositionals: true,
  options: { query: { type: 'string', multiple: true }, runs: { type: 'string', default: '3' } },
});
if (sites.length === 0) {
  console.error('usage: node bench/search-cost.mjs URL... [--query Q]... [--runs N]');
  process.exit(2);
}
const queries = values.query ?? ['football', 'kenya drought'];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const rows = [];
try {
  for (let run = 1; run <= Number(values.runs); run++) {
    for (const site of sites) {
      for (const query of queries) {
        const context = await browser.newContext();
        const page = await context.newPage();
        // The size of each file fetched from pagefind/, once the search has started.
        let searching = false;
        const sizes = [];
        page.on('requestfinished', (request) => {
          if (!searching || !new URL(request.url()).pathname.includes('/pagefind/')) return;
          sizes.push(request.sizes().then((size) => size.responseBodySize));
        });
        await page.goto(new URL('search/', site).href);
        await page.waitForLoadState('networkidle');
        searching = true;
        const started = performance.now();
        await page.fill('.pagefind-ui__search-input', query);
        await page.waitForSelector('.pagefind-ui__result-link', { timeout: 60_000 });
        const ms = Math.round(performance.now() - started);
        await page.waitForLoadState('networkidle');
        const found = await page.$eval('.pagefind-ui__message', (element) => element.textContent);
        const bytes = (await Promise.all(sizes)).reduce((sum, size) => sum + size, 0);
        rows.push({ run, site, query, ms, files: sizes.length, kB: Math.round(bytes / 1024), found });
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
}
console.table(rows);
