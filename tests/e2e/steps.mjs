// What every browser test's steps share.

import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** Runs one step; a failure names the step and what was seen instead. */
export async function step(name, action) {
  const started = Date.now();
  try {
    const detail = await action();
    console.log(`ok: ${name}${detail ? ` (${detail})` : ''} [${Date.now() - started} ms]`);
  } catch (error) {
    const reason = error?.message?.split('\n')[0] ?? String(error);
    throw new Error(`step "${name}" failed after ${Date.now() - started} ms: ${reason}`);
  }
}

/**
 * Runs `run(context)` in a headless Chromium at `executable` with a fresh
 * profile (Chromium refuses --user-data-dir in args), which goes afterwards.
 */
export async function withBrowser({ executable, viewport }, run) {
  if (!existsSync(executable)) {
    throw new Error(`no Chromium at ${executable}: install Debian's chromium (scripts/install-deps.sh)`);
  }
  const profile = await mkdtemp(join(tmpdir(), 'eddy-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: executable,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
    ...(viewport ? { viewport } : {}),
  });
  try {
    return await run(context);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}
