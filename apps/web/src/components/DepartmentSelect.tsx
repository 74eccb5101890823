import { useEffect, useMemo, useRef, useState } from 'react';
import { Select, type SelectProps } from 'antd';
import { apiGet } from '../api/client.ts';
import type { Department, ListPage } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';

interface DepartmentSelectProps extends Omit<SelectProps<string>, 'options' | 'onSearch' | 'showSearch'> {
  /** Options to show before any search, e.g. the departments already assigned. */
  known?: { id: string; name: string }[];
}

/** A department picker that searches `GET /departments?q=` as you type. */
export function DepartmentSelect({ known = [], ...props }: DepartmentSelectProps) {
  const { t, locale } = useI18n();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Department[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => {
    const controller = new AbortController();
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      setLoading(true);
      apiGet<ListPage<Department>>(
        '/departments',
        { q: query, page: 1, pageSize: 50 },
        controller.signal,
      ).then(
        (page) => {
          setFound(page.items);
          setLoading(false);
        },
        () => {
          if (!controller.signal.aborted) setLoading(false);
        },
      );
    }, 250);
    return () => {
      window.clearTimeout(timer.current);
      controller.abort();
    };
  }, [query]);

  const options = useMemo(() => {
    const seen = new Set<string>();
    const out: { value: string; label: string }[] = [];
    for (const d of found) {
      seen.add(d.id);
      out.push({
        value: d.id,
        label: t('common.withParen', {
          text: locale === 'en' && d.nameEn ? d.nameEn : d.name,
          inner: d.regionName,
        }),
      });
    }
    for (const k of known) if (!seen.has(k.id)) out.push({ value: k.id, label: k.name });
    return out;
  }, [found, known, locale, t]);

  return (
    <Select<string>
      {...props}
      showSearch={{ filterOption: false, onSearch: setQuery }}
      loading={loading}
      options={options}
      placeholder={t('accounts.roleDepartment.placeholder')}
      notFoundContent={loading ? t('app.loading') : t('common.empty')}
      allowClear
    />
  );
}
