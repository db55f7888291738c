/**
 * Keeps only the shapes of a QR drawing. The SVG comes from the core, but it is inserted as
 * markup, so anything able to run code or load a resource (scripts, handlers, links) is dropped.
 */
const allowedElements = new Set(['svg', 'path', 'rect', 'g']);
const allowedAttributes = new Set([
  'xmlns',
  'viewBox',
  'width',
  'height',
  'd',
  'fill',
  'stroke',
  'stroke-width',
  'x',
  'y',
  'shape-rendering',
  'transform',
]);

export function sanitizeQrSvg(markup: string): string {
  const doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.nodeName !== 'svg' || doc.getElementsByTagName('parsererror').length > 0) return '';
  const walk = (el: Element): void => {
    for (const child of [...el.children]) {
      if (!allowedElements.has(child.nodeName)) child.remove();
      else walk(child);
    }
    for (const attr of [...el.attributes]) {
      if (!allowedAttributes.has(attr.name) || /url\(|javascript:/i.test(attr.value)) el.removeAttribute(attr.name);
    }
  };
  walk(root);
  root.setAttribute('aria-hidden', 'true');
  root.setAttribute('focusable', 'false');
  return new XMLSerializer().serializeToString(root);
}
