import { Tag } from 'antd';
import type { RealNameLevel } from '../api/types.ts';
import { useI18n, type MessageKey } from '../i18n/index.tsx';

const NAMES: Record<RealNameLevel, MessageKey> = { L1: 'level.L1', L2: 'level.L2', L3: 'level.L3' };

/** A real-name level (L1 自主注册 · L2 人口库比对 · L3 窗口核验) as a tag. */
export function LevelTag({ level }: { level: RealNameLevel | null | undefined }) {
  const { t } = useI18n();
  if (!level) return <Tag>{t('level.none')}</Tag>;
  const color = level === 'L3' ? 'green' : level === 'L2' ? 'blue' : 'default';
  return (
    <Tag color={color} data-level={level}>
      {t('level.tag', { level, name: t(NAMES[level]) })}
    </Tag>
  );
}
