// The job picked on the page, kept in the URL's hash as `#job=<name>` so a
// reload, the back button or a shared link opens the same job.

/** The job the hash names, or null when it names none. */
export function jobInHash(hash = location.hash) {
  const name = new URLSearchParams(hash.replace(/^#/, '')).get('job');
  return name === null || name === '' ? null : name;
}

/** The hash that picks `name`, e.g. "#job=ipdr": a tab's href. */
export function hashForJob(name) {
  return `#job=${encodeURIComponent(name)}`;
}
