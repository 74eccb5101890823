import { useEffect, useRef } from 'react';
import { Table, type TableProps } from 'antd';

/**
 * antd Table plus one accessibility fix: when the table is wider than the screen (phones), its
 * scroll container becomes keyboard-focusable (tabindex=0) so it can be scrolled without a mouse
 * (axe: scrollable-region-focusable).
 */
export function DataTable<T extends object>(props: TableProps<T>) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const update = () => {
      for (const el of root.querySelectorAll<HTMLElement>('.ant-table-content, .ant-table-body')) {
        if (el.scrollWidth > el.clientWidth + 1) el.setAttribute('tabindex', '0');
        else el.removeAttribute('tabindex');
      }
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(root);
    return () => observer.disconnect();
  });

  return (
    <div ref={ref}>
      <Table<T> {...props} />
    </div>
  );
}
