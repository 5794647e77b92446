import type { Action } from 'svelte/action';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

function focusables(node: HTMLElement): HTMLElement[] {
  return [...node.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => element.getClientRects().length > 0);
}

/**
 * A modal dialog's keyboard contract: focus moves in when it opens, Tab and
 * Shift+Tab cycle inside it, Escape calls `onclose`, and when it goes away the
 * focus returns to whatever opened it (the button that was pressed).
 */
export const trapFocus: Action<HTMLElement, () => void> = (node, onclose) => {
  let close = onclose;
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  (focusables(node)[0] ?? node).focus();

  function keydown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
      return;
    }
    if (event.key !== 'Tab') return;
    const list = focusables(node);
    const first = list[0] ?? node;
    const last = list.at(-1) ?? node;
    const active = document.activeElement;
    if (!node.contains(active) || (event.shiftKey ? active === first : active === last)) {
      event.preventDefault();
      (event.shiftKey ? last : first).focus();
    }
  }
  // A click on the page behind (or a screen reader's virtual cursor) must not leave focus outside the dialog.
  function focusin(event: FocusEvent) {
    if (event.target instanceof Node && !node.contains(event.target)) (focusables(node)[0] ?? node).focus();
  }
  document.addEventListener('keydown', keydown);
  document.addEventListener('focusin', focusin);
  return {
    update(next) {
      close = next;
    },
    destroy() {
      document.removeEventListener('keydown', keydown);
      document.removeEventListener('focusin', focusin);
      if (opener?.isConnected) opener.focus();
    },
  };
};

/**
 * A `<details>` menu: Escape closes it and puts the focus back on its summary,
 * and a click elsewhere on the page closes it too. Opened near the window's
 * right edge (Import at the end of a long Russian toolbar), its list moves left
 * so that all of it is on the screen.
 */
export const menu: Action<HTMLDetailsElement> = (node) => {
  function toggle() {
    const items = node.querySelector<HTMLElement>('.menu-items');
    if (!items) return;
    items.style.left = '';
    if (!node.open) return;
    const box = items.getBoundingClientRect();
    const over = box.right - (document.documentElement.clientWidth - 8);
    if (over > 0) items.style.left = `${-Math.min(over, box.left - 8)}px`;
  }
  function keydown(event: KeyboardEvent) {
    if (event.key !== 'Escape' || !node.open) return;
    event.preventDefault();
    node.open = false;
    node.querySelector('summary')?.focus();
  }
  function pointerdown(event: PointerEvent) {
    if (node.open && event.target instanceof Node && !node.contains(event.target)) node.open = false;
  }
  node.addEventListener('keydown', keydown);
  node.addEventListener('toggle', toggle);
  document.addEventListener('pointerdown', pointerdown);
  return {
    destroy() {
      node.removeEventListener('keydown', keydown);
      node.removeEventListener('toggle', toggle);
      document.removeEventListener('pointerdown', pointerdown);
    },
  };
};
