import { useEffect, useState, type Key } from 'react';
import { Card, Tag, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import type { Region } from '../../api/types.ts';
import { toApiError, type ApiError } from '../../api/client.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { Page } from '../../components/Page.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LoadingBlock } from '../../components/Loading.tsx';
import { fetchRegions, useRegions } from './hooks.ts';

const LEVEL: Record<Region['level'], MessageKey> = {
  province: 'regions.level.province',
  city: 'regions.level.city',
  county: 'regions.level.county',
};

interface RegionNode extends TreeDataNode {
  key: string;
  region: Region;
  children?: RegionNode[];
}

function toNode(region: Region): RegionNode {
  return { key: region.code, region, isLeaf: region.childCount === 0 };
}

function attach(nodes: RegionNode[], key: string, children: RegionNode[]): RegionNode[] {
  return nodes.map((n) =>
    n.key === key
      ? { ...n, children }
      : n.children
        ? { ...n, children: attach(n.children, key, children) }
        : n,
  );
}

/** 行政区划: the GB/T 2260 tree of Jiangsu, loaded level by level from the regions API. */
export default function RegionsPage() {
  const { t, locale } = useI18n();
  const root = useRegions();
  const [tree, setTree] = useState<RegionNode[]>([]);
  const [expanded, setExpanded] = useState<Key[]>([]);
  const [error, setError] = useState<ApiError | undefined>();

  const load = async (code: string) => {
    try {
      const { items } = await fetchRegions(code);
      setTree((old) => attach(old, code, items.map(toNode)));
    } catch (e) {
      setError(toApiError(e));
      throw e;
    }
  };

  // Show the province with its 13 cities at once.
  useEffect(() => {
    const items = root.data?.items ?? [];
    setTree(items.map(toNode));
    const province = items[0];
    if (province && province.childCount > 0) {
      void load(province.code).then(
        () => setExpanded([province.code]),
        () => undefined,
      );
    }
  }, [root.data]);

  const title = (node: RegionNode) => {
    const r = node.region;
    return (
      <span data-testid={`region-${r.code}`}>
        {locale === 'en' && r.nameEn ? r.nameEn : r.name}{' '}
        <Typography.Text type="secondary" code>
          {r.code}
        </Typography.Text>{' '}
        <Tag>{t(LEVEL[r.level])}</Tag>
        {r.childCount > 0 ? (
          <Typography.Text type="secondary">{t('regions.children', { n: r.childCount })}</Typography.Text>
        ) : null}
      </span>
    );
  };

  return (
    <Page title={t('data.regions.title')} intro={t('regions.intro')}>
      {root.error ? <ErrorAlert error={root.error} onRetry={root.reload} /> : null}
      {error ? <ErrorAlert error={error} /> : null}
      <Card>
        {root.loading && !root.data ? <LoadingBlock /> : null}
        {root.data ? (
          <Tree<RegionNode>
            treeData={tree}
            titleRender={title}
            expandedKeys={expanded}
            onExpand={(keys) => setExpanded(keys)}
            loadData={(node) => (node.children ? Promise.resolve() : load(node.key))}
            selectable={false}
            showLine
            aria-label={t('regions.tree')}
            data-testid="regions-tree"
          />
        ) : null}
      </Card>
    </Page>
  );
}
