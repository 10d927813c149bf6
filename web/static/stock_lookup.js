// The inventory's item stock box: GET /v1/items/{id}, its quantity or the
// server's explanation of why there is none.

import { formatCount } from './format.js';

export function setUpStockLookup(form, input, result) {
  let latest = 0;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const id = input.value.trim();
    if (id === '') return;
    // A slower earlier answer must not replace a later one.
    latest += 1;
    const ask = latest;
    result.className = 'stock-result muted';
    result.textContent = `looking up ${id}…`;
    try {
      const reply = await fetch(`/v1/items/${encodeURIComponent(id)}`, { cache: 'no-store' });
      const body = await reply.json();
      if (ask !== latest) return;
      if (reply.ok) {
        result.className = 'stock-result found';
        result.replaceChildren();
        const quantity = document.createElement('strong');
        quantity.dataset.testid = 'stock-quantity';
        quantity.dataset.quantity = body.quantity;
        quantity.textContent = formatCount(body.quantity);
        result.append(`${body.itemId}: `, quantity, ' in stock');
      } else {
        result.className = 'stock-result missing';
        result.textContent = body.detail ?? body.error ?? `HTTP ${reply.status}`;
      }
    } catch (error) {
      if (ask !== latest) return;
      result.className = 'stock-result missing';
      result.textContent = `the lookup failed: ${error.message}`;
    }
  });
}
