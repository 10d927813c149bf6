// The item stock box: GET /v1/items/{id}, its quantity or the server's
// explanation of why there is none.

import { formatCount } from './format.js';

export function setUpStockLookup(form, input, result) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const id = input.value.trim();
    if (id === '') return;
    result.className = 'stock-result muted';
    result.textContent = `looking up ${id}…`;
    try {
      const reply = await fetch(`/v1/items/${encodeURIComponent(id)}`, { cache: 'no-store' });
      const body = await reply.json();
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
      result.className = 'stock-result missing';
      result.textContent = `the lookup failed: ${error.message}`;
    }
  });
}
