import type { ReactNode } from 'react';

const OPEN_POPUP =
  '.ant-select-dropdown:not(.ant-select-dropdown-hidden), .ant-picker-dropdown:not(.ant-picker-dropdown-hidden)';

/**
 * antd 6.6 bug: once a Select inside a Modal has been opened, Escape no longer closes the Modal
 * (the closed dropdown stays on top of the shared Escape stack). This `modalRender` closes the
 * Modal on Escape itself, unless a dropdown is open (then Escape belongs to the dropdown).
 */
export function escapeClosesModal(onCancel: () => void): (node: ReactNode) => ReactNode {
  return function render(node) {
    return (
      <div
        onKeyDown={(event) => {
          if (event.key !== 'Escape' || event.nativeEvent.isComposing) return;
          if (document.querySelector(OPEN_POPUP)) return;
          onCancel();
        }}
      >
        {node}
      </div>
    );
  };
}
