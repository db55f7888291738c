import { describe, expect, it } from 'vitest';
import { lockdown } from './lockdown';

/** A tiny element: an EventTarget with a tag, attributes and closest() over its parents. */
class FakeElement extends EventTarget {
  constructor(
    readonly tagName: string,
    readonly attributes: Record<string, string> = {},
    readonly parentElement: FakeElement | null = null,
  ) {
    super();
  }
  getAttribute(name: string): string | null {
    return this.attributes[name] ?? null;
  }
  matches(selector: string): boolean {
    return selector.split(',').some((s) => {
      const part = s.trim();
      if (part.startsWith('[') && part.endsWith(']')) return part.slice(1, -1) in this.attributes;
      return part.toUpperCase() === this.tagName;
    });
  }
  closest(selector: string): FakeElement | null {
    return this.matches(selector) ? this : (this.parentElement?.closest(selector) ?? null);
  }
}

class FakeSelection {
  anchorNode: unknown = null;
  focusNode: unknown = null;
  removeAllRanges(): void {
    this.anchorNode = null;
    this.focusNode = null;
  }
}

class FakeDocument extends EventTarget {
  readonly selection = new FakeSelection();
  getSelection(): FakeSelection {
    return this.selection;
  }
}

/** dispatches a cancelable event and tells whether the action cancelled it */
function fire(target: EventTarget, type: string): boolean {
  const event = new Event(type, { cancelable: true, bubbles: true });
  target.dispatchEvent(event);
  return event.defaultPrevented;
}

describe('lockdown action on a node without a document', () => {
  it('cancels the context menu, drag-over and drop on the node', () => {
    const root = new FakeElement('DIV');
    lockdown(root);
    expect(fire(root, 'contextmenu')).toBe(true);
    expect(fire(root, 'dragover')).toBe(true);
    expect(fire(root, 'drop')).toBe(true);
    expect(fire(root, 'auxclick')).toBe(true);
  });

  it('cancels dragging a link, an image, or anything inside a link, but not plain content', () => {
    const link = new FakeElement('A');
    const insideLink = new FakeElement('SPAN', {}, link);
    const image = new FakeElement('IMG');
    const plain = new FakeElement('P');
    for (const el of [link, insideLink, image, plain]) lockdown(el);
    expect(fire(link, 'dragstart')).toBe(true);
    expect(fire(insideLink, 'dragstart')).toBe(true);
    expect(fire(image, 'dragstart')).toBe(true);
    expect(fire(plain, 'dragstart')).toBe(false);
  });

  it('refuses to start a selection, copy or cut inside masked data only', () => {
    const masked = new FakeElement('SPAN', { 'data-private': '' });
    const digit = new FakeElement('B', {}, masked);
    const label = new FakeElement('LABEL');
    for (const el of [masked, digit, label]) lockdown(el);
    for (const type of ['selectstart', 'copy', 'cut']) {
      expect(fire(masked, type), type).toBe(true);
      expect(fire(digit, type), type).toBe(true);
      expect(fire(label, type), type).toBe(false);
    }
  });

  it('cancels clicks that would open a window from a link, not ordinary link clicks', () => {
    const blank = new FakeElement('A', { target: '_blank', href: 'https://example.com/' });
    const inBlank = new FakeElement('SPAN', {}, blank);
    const self = new FakeElement('A', { target: '_self' });
    const plain = new FakeElement('A', { href: '#top' });
    const button = new FakeElement('BUTTON');
    for (const el of [blank, inBlank, self, plain, button]) lockdown(el);
    expect(fire(blank, 'click')).toBe(true);
    expect(fire(inBlank, 'click')).toBe(true);
    expect(fire(self, 'click')).toBe(false);
    expect(fire(plain, 'click')).toBe(false);
    expect(fire(button, 'click')).toBe(false);
    const ctrlClick = Object.assign(new Event('click', { cancelable: true }), { ctrlKey: true });
    plain.dispatchEvent(ctrlClick);
    expect(ctrlClick.defaultPrevented).toBe(true);
  });

  it('lets everything through again after destroy', () => {
    const root = new FakeElement('IMG', { 'data-private': '' });
    lockdown(root).destroy();
    for (const type of ['contextmenu', 'dragover', 'drop', 'dragstart', 'selectstart', 'copy', 'auxclick'])
      expect(fire(root, type), type).toBe(false);
  });
});

describe('lockdown action with a document', () => {
  function mounted() {
    const doc = new FakeDocument();
    const root = Object.assign(new FakeElement('DIV'), { ownerDocument: doc });
    const action = lockdown(root);
    return { doc, root, action };
  }

  it('listens on the whole document, so a drop on the margin outside the root is refused too', () => {
    const { doc, root } = mounted();
    expect(fire(doc, 'drop')).toBe(true);
    expect(fire(doc, 'dragover')).toBe(true);
    expect(fire(doc, 'contextmenu')).toBe(true);
    // the node itself is not listened to twice: events reach the document by bubbling in a real DOM
    expect(fire(root, 'contextmenu')).toBe(false);
  });

  it('drops a selection that reaches masked data, and refuses to copy it', () => {
    const { doc } = mounted();
    const masked = new FakeElement('SPAN', { 'data-private': '' });
    const text = { parentElement: masked, nodeType: 3 };
    doc.selection.anchorNode = new FakeElement('P');
    doc.selection.focusNode = text;
    expect(fire(doc, 'copy')).toBe(true);
    doc.dispatchEvent(new Event('selectionchange'));
    expect(doc.selection.focusNode).toBeNull();
  });

  it('leaves a selection of ordinary text alone', () => {
    const { doc } = mounted();
    const p = new FakeElement('P');
    doc.selection.anchorNode = p;
    doc.selection.focusNode = p;
    doc.dispatchEvent(new Event('selectionchange'));
    expect(doc.selection.focusNode).toBe(p);
    expect(fire(doc, 'copy')).toBe(false);
  });

  it('removes its document listeners on destroy', () => {
    const { doc, action } = mounted();
    action.destroy();
    expect(fire(doc, 'drop')).toBe(false);
    const masked = new FakeElement('SPAN', { 'data-private': '' });
    doc.selection.anchorNode = masked;
    doc.dispatchEvent(new Event('selectionchange'));
    expect(doc.selection.anchorNode).toBe(masked);
  });
});

describe('lockdown action with a window', () => {
  class NavigateEvent extends Event {
    constructor(readonly destination: { url: string }) {
      super('navigate', { cancelable: true });
    }
  }
  function mounted() {
    const realOpen = () => ({ opened: true });
    const win = {
      open: realOpen as (...args: never[]) => unknown,
      location: { origin: 'http://127.0.0.1:4173' },
      navigation: new EventTarget(),
    };
    const doc = Object.assign(new FakeDocument(), { defaultView: win });
    const action = lockdown(Object.assign(new FakeElement('DIV'), { ownerDocument: doc }));
    const navigate = (url: string) => {
      const event = new NavigateEvent({ url });
      win.navigation.dispatchEvent(event);
      return event.defaultPrevented;
    };
    return { win, realOpen, action, navigate };
  }

  it('makes window.open return null, and gives it back on destroy', () => {
    const { win, realOpen, action } = mounted();
    expect(win.open()).toBeNull();
    action.destroy();
    expect(win.open).toBe(realOpen);
  });

  it('cancels navigation to another origin and lets the app navigate within its own', () => {
    const { navigate, action } = mounted();
    for (const url of [
      'https://example.com/',
      'http://localhost:4173/',
      'http://127.0.0.1:9999/',
      'file:///etc/passwd',
      'not a url',
    ])
      expect(navigate(url), url).toBe(true);
    expect(navigate('http://127.0.0.1:4173/?screen=welcome')).toBe(false);
    action.destroy();
    expect(navigate('https://example.com/')).toBe(false);
  });
});
