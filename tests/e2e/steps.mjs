// What every browser test's steps share.

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
