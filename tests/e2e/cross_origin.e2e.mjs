// Cross-site requests in a real headless Chromium (Debian's), driven by
// playwright-core: a page of another origin (served here on another port)
// posts a transaction the way any web page can (fetch, no-cors, text/plain)
// and opens the live feed; neither may reach the server. The dashboard's
// own origin does both. Checked through the server's API afterwards.
//
//   node cross_origin.e2e.mjs --url http://127.0.0.1:8080/ [--chromium PATH]
//
// Exits 0 when every step passed; else prints the failed step and exits 1.

import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { step, withBrowser } from './steps.mjs';

const { values: options } = parseArgs({
  options: {
    url: { type: 'string' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
if (!options.url) {
  console.error('cross-origin e2e: --url is required');
  process.exit(2);
}
const eddy = new URL(options.url);
const stepTimeout = 30000;

/** What a page does to the server: a transaction posted as a page can, and
 *  the live feed followed for `ms`; resolves to how many feed messages came. */
function probe(eddyUrl, itemId, { json }, ms) {
  return (async () => {
    const body = JSON.stringify({ transactionId: 1, ts: 2, itemId, quantity: 5 });
    const request = json
      ? { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }
      : { method: 'POST', mode: 'no-cors', body }; // text/plain, no preflight
    const posted = await fetch(new URL('v1/transactions', eddyUrl), request)
      .then((r) => r.status)
      .catch((e) => `failed: ${e.message}`);
    let messages = 0;
    await new Promise((done) => {
      const ws = new WebSocket(new URL('v1/live', eddyUrl).href.replace(/^http/, 'ws'));
      ws.onmessage = () => { messages += 1; };
      ws.onerror = () => done();
      ws.onclose = () => done();
      setTimeout(() => { ws.close(); done(); }, ms);
    });
    return { posted, messages };
  })();
}

/** The stock of `itemId` as the API answers it: null when unknown (404). */
async function stockOf(itemId) {
  const reply = await fetch(new URL(`v1/items/${itemId}`, eddy));
  if (reply.status === 404) return null;
  if (!reply.ok) throw new Error(`GET /v1/items/${itemId} answered ${reply.status}`);
  return (await reply.json()).quantity;
}

async function run(context, otherOrigin) {
  const page = await context.newPage();
  await step('a page of another origin loads', async () => {
    await page.goto(otherOrigin, { timeout: stepTimeout });
    return otherOrigin;
  });
  await step('its no-cors POST and its WebSocket reach nothing', async () => {
    const seen = await page.evaluate(
      ([url, item, ms]) => window.probe(url, item, { json: false }, ms),
      [eddy.href, 'cross_origin_probe', 2000]);
    const stock = await stockOf('cross_origin_probe');
    if (stock !== null) throw new Error(`the posted transaction was applied: stock ${stock}`);
    if (seen.messages > 0) throw new Error(`the feed sent the page ${seen.messages} messages`);
    return `stock unknown, ${seen.messages} feed messages`;
  });
  await step("the server's own page posts and follows the feed", async () => {
    await page.goto(eddy.href, { timeout: stepTimeout });
    await page.addScriptTag({ content: `window.probe = ${probe.toString()};` });
    const seen = await page.evaluate(
      ([url, item, ms]) => window.probe(url, item, { json: true }, ms),
      [eddy.href, 'own_origin_probe', 3000]);
    if (seen.posted !== 200) throw new Error(`the POST answered ${seen.posted}`);
    const stock = await stockOf('own_origin_probe');
    if (stock !== 5) throw new Error(`stock ${stock}, expected 5`);
    if (seen.messages === 0) throw new Error('the feed sent nothing');
    return `stock ${stock}, ${seen.messages} feed messages`;
  });
}

async function main() {
  // The other site: a page with the probe on a port of its own.
  const site = createServer((_, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(`<!doctype html><title>elsewhere</title><script>window.probe = ${probe.toString()};</script>`);
  });
  await new Promise((ready) => site.listen(0, '127.0.0.1', ready));
  const otherOrigin = `http://127.0.0.1:${site.address().port}/`;
  try {
    await withBrowser({ executable: options.chromium }, (context) => run(context, otherOrigin));
  } finally {
    site.close();
  }
}

main().then(
  () => console.log('cross-origin e2e: passed'),
  (error) => {
    console.error(`cross-origin e2e: FAILED: ${error.message}`);
    process.exitCode = 1;
  });
