import type { ReactNode } from 'react';
import { Drawer, type DrawerProps } from 'antd';

/**
 * An antd Drawer whose scrolling content is a focusable, named region, so a keyboard user can
 * scroll it (axe: scrollable-region-focusable): the drawer body itself does not scroll.
 */
export function CatalogDrawer({
  children,
  label,
  ...props
}: Omit<DrawerProps, 'styles'> & { label: string; children: ReactNode }) {
  return (
    <Drawer {...props} styles={{ body: { padding: 0, overflow: 'hidden', display: 'flex' } }}>
      <div
        role="region"
        aria-label={label}
        tabIndex={0}
        className="catalog-drawer-scroll"
        style={{ flex: 1, overflow: 'auto', padding: 'clamp(12px, 4vw, 24px)', minWidth: 0 }}
      >
        {children}
      </div>
    </Drawer>
  );
}
