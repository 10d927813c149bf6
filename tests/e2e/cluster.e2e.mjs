// The cluster strip in a real headless Chromium (Debian's), driven by
// playwright-core: on the dashboard of one member of a two-process cluster,
// see both members, this one marked, each with a share of the input's
// partitions as squares and all of them owned; stop the other member (by
// its pid) and see this one alone owning them all.
//
//   node cluster.e2e.mjs --url http://127.0.0.1:8081/ --self eddy-a \
//        --other eddy-b --other-pid 1234 --partitions 8 \
//        --screenshot out/dashboard-cluster.png [--chromium PATH]
//
// Exits 0 when every step passed; else prints the failed step and exits 1.

import { parseArgs } from 'node:util';
import { step, withBrowser } from './steps.mjs';

const { values: options } = parseArgs({
  options: {
    url: { type: 'string' },
    self: { type: 'string' },
    other: { type: 'string' },
    'other-pid': { type: 'string' },
    // Every input partition of every job, all topics together.
    partitions: { type: 'string' },
    screenshot: { type: 'string' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
for (const required of ['url', 'self', 'other', 'other-pid', 'partitions', 'screenshot']) {
  if (!options[required]) {
    console.error(`cluster e2e: --${required} is required`);
    process.exit(2);
  }
}
const partitions = Number(options.partitions);
// Rebalances of the dev cluster take seconds.
const stepTimeout = 60000;

/** What the strip shows: per member its name, whether it is marked as this
 *  server, and how many partition squares it holds. */
function strip() {
  return [...document.querySelectorAll('[data-testid="cluster-member"]')].map((box) => ({
    instance: box.dataset.instance,
    self: box.classList.contains('self'),
    squares: box.querySelectorAll('[data-testid="cluster-partition"]').length,
  }));
}

async function waitForStrip(page, check, what) {
  const deadline = Date.now() + stepTimeout;
  let seen = [];
  while (Date.now() < deadline) {
    seen = await page.evaluate(strip);
    if (check(seen)) return seen;
    await page.waitForTimeout(250);
  }
  throw new Error(`${what}; the strip shows ${JSON.stringify(seen)}`);
}

async function run(page) {
  await step('the dashboard opens with the cluster strip', async () => {
    await page.goto(options.url, { timeout: stepTimeout });
    await page.locator('[data-testid="cluster"]').waitFor({ state: 'visible', timeout: stepTimeout });
    return await page.locator('[data-testid="cluster-title"]').innerText();
  });
  await step('both members share the partitions, this one marked', async () => {
    const seen = await waitForStrip(page, (members) =>
      members.length === 2
      && members.every((m) => m.squares > 0)
      && members.reduce((sum, m) => sum + m.squares, 0) === partitions,
    `expected ${options.self} and ${options.other} with ${partitions} squares between them`);
    const self = seen.find((m) => m.self);
    if (self?.instance !== options.self) throw new Error(`marked as this server: ${self?.instance}`);
    if (!seen.some((m) => m.instance === options.other)) throw new Error(`no box for ${options.other}`);
    await page.screenshot({ path: options.screenshot, fullPage: true });
    return seen.map((m) => `${m.instance}: ${m.squares}`).join(', ');
  });
  await step('the other member stops and this one owns every partition', async () => {
    process.kill(Number(options['other-pid']), 'SIGTERM');
    await waitForStrip(page, (members) =>
      members.length === 1 && members[0].instance === options.self && members[0].squares === partitions,
    `expected ${options.self} alone with ${partitions} squares`);
    return await page.locator('[data-testid="cluster-title"]').innerText();
  });
}

async function main() {
  await withBrowser({ executable: options.chromium, viewport: { width: 1280, height: 800 } },
    async (context) => run(await context.newPage()));
}

main().then(
  () => console.log('cluster e2e: passed'),
  (error) => {
    console.error(`cluster e2e: FAILED: ${error.message}`);
    process.exitCode = 1;
  });
