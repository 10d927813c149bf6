// Makes SVG elements: the job graph and the figures' bar charts draw with it.

const svgNs = 'http://www.w3.org/2000/svg';

/** A new SVG element `name` with `attributes`, appended to `parent` if given. */
export function svg(name, attributes = {}, parent = null) {
  const element = document.createElementNS(svgNs, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  if (parent) parent.appendChild(element);
  return element;
}
