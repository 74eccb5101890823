import { useEffect, type ReactNode } from 'react';
import { Flex, Typography } from 'antd';
import { useI18n } from '../i18n/index.tsx';

/** Sets `document.title` to "<page> · 苏服办". */
export function useDocumentTitle(title: string | undefined): void {
  const { t } = useI18n();
  useEffect(() => {
    document.title = title ? `${title} · ${t('app.name')}` : t('app.fullTitle');
  }, [title, t]);
}

interface PageProps {
  title: string;
  intro?: ReactNode;
  /** Buttons shown beside the title. */
  extra?: ReactNode;
  children?: ReactNode;
}

/** A page: one h1 (the page title), an optional intro line, then the content. */
export function Page({ title, intro, extra, children }: PageProps) {
  useDocumentTitle(title);
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={1} className="sufu-page-title" id="page-title" tabIndex={-1}>
          {title}
        </Typography.Title>
        {extra}
      </Flex>
      {intro ? <Typography.Paragraph type="secondary">{intro}</Typography.Paragraph> : null}
      <Flex vertical gap={16}>
        {children}
      </Flex>
    </>
  );
}

/** A card title that is a real h2, so headings stay in order under the page h1. */
export function SectionTitle({ children, id }: { children: ReactNode; id?: string }) {
  return (
    <h2 className="sufu-card-title" id={id}>
      {children}
    </h2>
  );
}
