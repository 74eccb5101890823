import { useEffect } from 'react';

/**
 * antd Select/TreeSelect render their option list as `role="listbox"` with id `<input id>_list`
 * but no accessible name (axe: aria-input-field-name). Name each such list after the label of
 * its combobox (`<label for=id>` or the combobox's own aria-label).
 */
function nameListboxes(root: ParentNode): void {
  for (const list of root.querySelectorAll<HTMLElement>('[role="listbox"][id$="_list"]')) {
    if (list.hasAttribute('aria-label') || list.hasAttribute('aria-labelledby')) continue;
    const inputId = list.id.slice(0, -'_list'.length);
    const label =
      document.querySelector(`label[for="${CSS.escape(inputId)}"]`)?.textContent?.trim() ||
      document.getElementById(inputId)?.getAttribute('aria-label') ||
      '';
    if (label) list.setAttribute('aria-label', label);
  }
}

/**
 * antd TreeSelect's combobox points `aria-controls`/`aria-owns` at `<id>_list`, but its popup is a
 * `role="tree"` without that id (axe: aria-valid-attr-value). Give the open tree that id.
 */
function linkTreeSelects(root: ParentNode): void {
  for (const input of root.querySelectorAll<HTMLElement>('input[role="combobox"][aria-controls]')) {
    const target = input.getAttribute('aria-controls') ?? '';
    if (!target || document.getElementById(target)) continue;
    const trees = [
      ...document.querySelectorAll<HTMLElement>(
        '.ant-select-dropdown:not(.ant-select-dropdown-hidden) [role="tree"]',
      ),
    ].filter((tree) => !tree.id);
    if (trees.length === 1 && trees[0]) trees[0].id = target;
  }
}

/**
 * antd DatePicker popups: the year/month buttons carry an aria-label ("选择年份") that differs from
 * their visible text ("2026年") (WCAG 2.5.3), and the time columns scroll without being focusable.
 */
function fixPickerPanels(root: ParentNode): void {
  for (const button of root.querySelectorAll<HTMLElement>('.ant-picker-header-view button[aria-label]')) {
    button.removeAttribute('aria-label');
  }
  for (const column of root.querySelectorAll<HTMLElement>('.ant-picker-time-panel-column:not([tabindex])')) {
    column.setAttribute('tabindex', '0');
  }
}

/** Installs the small DOM fixes for third-party widgets once, for the whole app. */
export function useA11yFixes(): void {
  useEffect(() => {
    let scheduled = 0;
    const observer = new MutationObserver(() => {
      if (scheduled) return;
      scheduled = requestAnimationFrame(() => {
        scheduled = 0;
        nameListboxes(document);
        linkTreeSelects(document);
        fixPickerPanels(document);
      });
    });
    observer.observe(document.body, { childList: true, subtree: true });
    nameListboxes(document);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(scheduled);
    };
  }, []);
}
