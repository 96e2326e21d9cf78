// Page-load benchmark of the web page at / (run by bench/page-load.sh with the node that ships in the
// Microsoft.Playwright package). Each run opens / in a fresh browser context (empty cache), records every
// request, waits until the page has rendered its first answers and the network is idle, and takes the
// load time from the page's own Performance timeline: the latest of the `ready` mark, the end of the load
// event and the end of the last response, measured from navigation start.
//   node page-load.cjs <base-url> <runs>   (PLAYWRIGHT_PACKAGE = path of the package folder)
const { chromium } = require(process.env.PLAYWRIGHT_PACKAGE);

const base = process.argv[2];
const runs = Number(process.argv[3] ?? 10);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true });
  const results = [];
  // Run 0 warms the server (first requests JIT-compile the endpoints); it is printed but not in the median.
  for (let run = 0; run <= runs; run++) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const requests = [];
    const failures = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('requestfailed', (r) => failures.push(`${r.url()} ${r.failure()?.errorText}`));
    page.on('response', (r) => { if (r.status() >= 400) failures.push(`${r.url()} ${r.status()}`); });
    await page.goto(base, { waitUntil: 'load' });
    await page.waitForSelector('html[data-state=ready]');
    await page.waitForLoadState('networkidle');
    const t = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const resources = performance.getEntriesByType('resource');
      const ready = performance.getEntriesByName('ready')[0]?.startTime ?? NaN;
      const lastResponse = Math.max(nav.responseEnd, ...resources.map((r) => r.responseEnd));
      const bytes = nav.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0);
      return { ready, loadEventEnd: nav.loadEventEnd, lastResponse, bytes, resources: resources.length + 1 };
    });
    const total = Math.max(t.ready, t.loadEventEnd, t.lastResponse);
    const line = `run ${run}${run === 0 ? ' (warm-up)' : ''}: load ${total.toFixed(1)} ms (ready ${t.ready.toFixed(1)}, load event ${t.loadEventEnd.toFixed(1)}, last response ${t.lastResponse.toFixed(1)}); `
      + `${requests.length} requests (${t.resources} in the timeline), ${(t.bytes / 1024).toFixed(1)} KiB${failures.length ? `; FAILED: ${failures.join(', ')}` : ''}`;
    console.log(line);
    if (run > 0) results.push({ total, requests: requests.length, failures: failures.length });
    await context.close();
  }
  await browser.close();
  const totals = results.map((r) => r.total);
  console.log(`PAGELOAD runs=${results.length} median_ms=${median(totals).toFixed(1)} min_ms=${Math.min(...totals).toFixed(1)} `
    + `max_ms=${Math.max(...totals).toFixed(1)} requests=${[...new Set(results.map((r) => r.requests))].join('/')} `
    + `failed=${results.reduce((s, r) => s + r.failures, 0)}`);
  process.exit(results.some((r) => r.failures) ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(2); });
