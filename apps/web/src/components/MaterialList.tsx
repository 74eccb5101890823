import type { ReactNode } from 'react';
import { Flex, Tag, Typography } from 'antd';
import {
  CheckCircleOutlined,
  CloudUploadOutlined,
  DatabaseOutlined,
  FileProtectOutlined,
  LinkOutlined,
  PaperClipOutlined,
} from '@ant-design/icons';
import type { CaseMaterial, MaterialStatus, UploadedFile } from '../api/casesTypes.ts';
import { useI18n, type MessageKey } from '../i18n/index.tsx';

const STATUS: Record<MaterialStatus, { key: MessageKey; color: 'green' | 'blue' | 'orange' | undefined }> = {
  exempt_certificate: { key: 'caseUi.material.exempt_certificate', color: 'green' },
  exempt_shared: { key: 'caseUi.material.exempt_shared', color: 'green' },
  produced_in_bundle: { key: 'caseUi.material.produced_in_bundle', color: 'blue' },
  upload: { key: 'caseUi.material.upload', color: 'orange' },
  optional: { key: 'caseUi.material.optional', color: undefined },
};

/** Whether a material is exempted (两个免于提交) or produced by another item of the bundle. */
export const isExempt = (m: Pick<CaseMaterial, 'status'>) =>
  m.status === 'exempt_certificate' || m.status === 'exempt_shared' || m.status === 'produced_in_bundle';

export function MaterialStatusTag({ status }: { status: MaterialStatus }) {
  const { t } = useI18n();
  const s = STATUS[status];
  return (
    <Tag color={s.color} className="sufu-wrap-tag" data-material-status={status}>
      {t(s.key)}
    </Tag>
  );
}

/** Where an exempted material comes from: the certificate (masked number, issuer), the library, the item. */
export function MaterialSource({ material }: { material: CaseMaterial }) {
  const { t, pick } = useI18n();
  const m = material;
  if (m.status === 'exempt_certificate' && m.certificate)
    return (
      <Typography.Text type="secondary">
        <FileProtectOutlined aria-hidden />{' '}
        {t('caseUi.material.certificate', {
          type: m.certificate.type,
          number: m.certificate.number,
          issuer: m.certificate.issuer,
        })}
      </Typography.Text>
    );
  if (m.status === 'exempt_shared' && m.sharedSource)
    return (
      <Typography.Text type="secondary">
        <DatabaseOutlined aria-hidden /> {t('caseUi.material.shared', { source: pick(m.sharedSource) })}
      </Typography.Text>
    );
  if (m.status === 'produced_in_bundle' && m.producedBy)
    return (
      <Typography.Text type="secondary">
        <LinkOutlined aria-hidden /> {t('caseUi.material.producedBy', { item: m.producedBy })}
      </Typography.Text>
    );
  if (m.status === 'upload' || m.status === 'optional')
    return (
      <Typography.Text type="secondary">
        <CloudUploadOutlined aria-hidden />{' '}
        {t(m.status === 'upload' ? 'caseUi.material.uploadHint' : 'caseUi.material.optionalHint')}
      </Typography.Text>
    );
  return null;
}

/** A short SM3 checksum for display; the full value is in the title and for screen readers. */
export function Sm3({ value }: { value: string }) {
  const { t } = useI18n();
  return (
    <Typography.Text
      type="secondary"
      title={value}
      aria-label={t('caseUi.file.sm3Full', { value })}
      style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
    >
      SM3 {value.slice(0, 8)}…{value.slice(-8)}
    </Typography.Text>
  );
}

/** One uploaded file: name, size and SM3 checksum; `href` makes the name a download link. */
export function FileLine({ file, href, extra }: { file: UploadedFile; href?: string; extra?: ReactNode }) {
  const size =
    file.size < 1024 * 1024
      ? `${(file.size / 1024).toFixed(1)} KB`
      : `${(file.size / 1048576).toFixed(1)} MB`;
  return (
    <Flex gap={8} wrap align="center" data-testid={`file-${file.id}`}>
      <PaperClipOutlined aria-hidden />
      {href ? (
        <Typography.Link href={href} target="_blank" rel="noopener">
          {file.name}
        </Typography.Link>
      ) : (
        <Typography.Text style={{ wordBreak: 'break-all' }}>{file.name}</Typography.Text>
      )}
      <Typography.Text type="secondary">{size}</Typography.Text>
      <Sm3 value={file.sm3} />
      {extra}
    </Flex>
  );
}

interface MaterialListProps {
  materials: CaseMaterial[];
  /** Files already uploaded for a material (by the material's key as shown). */
  filesOf?: (m: CaseMaterial) => UploadedFile[];
  fileHref?: (f: UploadedFile) => string;
  /** Something to show under a material, e.g. its upload control. */
  renderExtra?: (m: CaseMaterial) => ReactNode;
  testId?: string;
}

/** The materials of an item with what the applicant has to do for each (免提交 / 需上传 / 可选). */
export function MaterialList({ materials, filesOf, fileHref, renderExtra, testId }: MaterialListProps) {
  const { t } = useI18n();
  if (materials.length === 0)
    return (
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        <CheckCircleOutlined aria-hidden /> {t('caseUi.material.none')}
      </Typography.Paragraph>
    );
  return (
    <ul
      className="sufu-material-list"
      data-testid={testId}
      style={{ listStyle: 'none', margin: 0, padding: 0 }}
    >
      {materials.map((m) => {
        const files = filesOf?.(m) ?? [];
        return (
          <li
            key={m.key}
            data-testid={`material-${m.key}`}
            data-status={m.status}
            style={{ padding: '12px 0', borderBottom: '1px solid #f0f0f0' }}
          >
            <Flex gap={8} wrap align="center">
              <Typography.Text strong>{m.name}</Typography.Text>
              {files.length > 0 && (m.status === 'upload' || m.status === 'optional') ? (
                <Tag color="green" data-material-status="uploaded">
                  {t('caseUi.material.uploaded')}
                </Tag>
              ) : (
                <MaterialStatusTag status={m.status} />
              )}
              {!m.required && m.status !== 'optional' ? (
                <Typography.Text type="secondary">{t('caseUi.material.notRequired')}</Typography.Text>
              ) : null}
            </Flex>
            {files.length > 0 && (m.status === 'upload' || m.status === 'optional') ? null : (
              <div>
                <MaterialSource material={m} />
              </div>
            )}
            {m.note ? (
              <div>
                <Typography.Text type="secondary">
                  {t('caseUi.material.note', { note: m.note })}
                </Typography.Text>
              </div>
            ) : null}
            {files.length > 0 ? (
              <Flex vertical gap={4} style={{ marginTop: 6 }}>
                {files.map((f) => (
                  <FileLine key={f.id} file={f} href={fileHref?.(f)} />
                ))}
              </Flex>
            ) : null}
            {renderExtra ? <div style={{ marginTop: 8 }}>{renderExtra(m)}</div> : null}
          </li>
        );
      })}
    </ul>
  );
}
