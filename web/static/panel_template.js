// Stamps out a copy of an HTML <template> (a job's panel): its ids made
// unique with a prefix, so several copies can live on one page, and its
// elements marked data-part="name" collected by name.

const idReferences = ['aria-labelledby', 'aria-describedby', 'for'];

/** Returns {root, parts}: the copy's first element and its named parts. */
export function stampTemplate(template, prefix) {
  const root = template.content.firstElementChild.cloneNode(true);
  const all = [root, ...root.querySelectorAll('*')];
  for (const element of all) {
    if (element.id) element.id = `${prefix}-${element.id}`;
    for (const attribute of idReferences) {
      const ids = element.getAttribute(attribute);
      if (ids) element.setAttribute(attribute, ids.split(/\s+/).map((id) => `${prefix}-${id}`).join(' '));
    }
  }
  const parts = {};
  for (const element of root.querySelectorAll('[data-part]')) parts[element.dataset.part] = element;
  return { root, parts };
}
