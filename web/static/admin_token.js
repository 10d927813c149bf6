// The admin token the crash button sends: asked for once with a dialog and
// kept in sessionStorage, so it lives only as long as the tab.

const storageKey = 'eddy.adminToken';

export function storedToken() {
  return sessionStorage.getItem(storageKey);
}

export function forgetToken() {
  sessionStorage.removeItem(storageKey);
}

/** Shows `dialog` and resolves to the token entered, or null if cancelled. */
export function askForToken(dialog, input) {
  return new Promise((resolve) => {
    input.value = '';
    dialog.returnValue = '';
    dialog.addEventListener('close', () => {
      const token = input.value.trim();
      if (dialog.returnValue !== 'ok' || token === '') return resolve(null);
      sessionStorage.setItem(storageKey, token);
      resolve(token);
    }, { once: true });
    dialog.showModal();
    input.focus();
  });
}

/**
 * POSTs `path` with the stored token, asking for one first if there is
 * none. Resolves to {ok, message}; a refused token is forgotten.
 */
export async function postAsAdmin(path, dialog, input) {
  const token = storedToken() ?? (await askForToken(dialog, input));
  if (token === null) return { ok: false, message: 'cancelled' };
  let reply;
  try {
    reply = await fetch(path, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  } catch (error) {
    return { ok: false, message: `the server is unreachable (${error.message})` };
  }
  const body = await reply.json().catch(() => ({}));
  if (reply.status === 401) {
    forgetToken();
    return { ok: false, message: 'the admin token was not accepted; press again to enter it' };
  }
  if (!reply.ok) return { ok: false, message: body.detail ?? `HTTP ${reply.status}` };
  return { ok: true, message: body.done ?? 'done' };
}
