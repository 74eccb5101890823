import { useState } from 'react';
import { Alert, Button, Empty, Flex, Modal, Space, Tag, Typography } from 'antd';
import {
  DatabaseOutlined,
  EyeOutlined,
  FileProtectOutlined,
  LinkOutlined,
  PaperClipOutlined,
  ExportOutlined,
} from '@ant-design/icons';
import type { CaseMaterial, MaterialStatus, StaffCaseDetail, UploadedFile } from '../../api/casesTypes.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { MATERIAL_STATUS_LABELS, fileLink, formatSize } from './casesHooks.ts';

const TAG_COLOURS: Record<MaterialStatus, 'green' | 'blue' | 'orange' | undefined> = {
  exempt_certificate: 'green',
  exempt_shared: 'green',
  produced_in_bundle: 'blue',
  upload: 'orange',
  optional: undefined,
};

/** Images and PDFs preview inline (the file route allows framing by this origin only); OFD opens in a tab. */
const previewable = (f: UploadedFile) =>
  f.mediaType.startsWith('image/') || f.mediaType === 'application/pdf';

function FileRow({
  caseId,
  file,
  onPreview,
}: {
  caseId: string;
  file: UploadedFile;
  onPreview: (f: UploadedFile) => void;
}) {
  const { t } = useI18n();
  const href = fileLink(caseId, file.id);
  return (
    <div
      data-testid={`case-file-${file.id}`}
      style={{ padding: '8px 12px', background: '#fafafa', border: '1px solid #f0f0f0', borderRadius: 6 }}
    >
      <Flex justify="space-between" gap={8} wrap align="center">
        <Space size={6} wrap>
          <PaperClipOutlined aria-hidden />
          <Typography.Text strong style={{ wordBreak: 'break-all' }}>
            {file.name}
          </Typography.Text>
          <Typography.Text type="secondary">
            {formatSize(file.size)} · {file.mediaType}
          </Typography.Text>
        </Space>
        <Space size={4} wrap>
          {previewable(file) ? (
            <Button size="small" icon={<EyeOutlined />} onClick={() => onPreview(file)}>
              {t('wbCases.file.preview')}
            </Button>
          ) : null}
          <Button
            size="small"
            icon={<ExportOutlined />}
            href={href}
            target="_blank"
            rel="noopener"
            aria-label={t('wbCases.file.viewNamed', { name: file.name })}
            data-testid={`case-file-view-${file.id}`}
          >
            {t('wbCases.file.view')}
          </Button>
        </Space>
      </Flex>
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13 }}>
        {t('wbCases.file.uploadedAt', { time: formatDateTime(file.uploadedAt) })}
      </Typography.Text>
      <Typography.Text
        type="secondary"
        style={{ display: 'block', fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }}
      >
        SM3 {file.sm3}
      </Typography.Text>
    </div>
  );
}

function MaterialDetail({ m, channel }: { m: CaseMaterial; channel: StaffCaseDetail['channel'] }) {
  const { t, pick } = useI18n();
  if (m.status === 'exempt_certificate' && m.certificate)
    return (
      <Typography.Text type="secondary">
        <FileProtectOutlined aria-hidden />{' '}
        {t('wbCases.material.certificate', {
          type: m.certificate.type,
          number: m.certificate.number,
          issuer: m.certificate.issuer,
        })}
      </Typography.Text>
    );
  if (m.status === 'exempt_shared')
    return (
      <Typography.Text type="secondary">
        <DatabaseOutlined aria-hidden />{' '}
        {t('wbCases.material.shared', { source: m.sharedSource ? pick(m.sharedSource) : '—' })}
      </Typography.Text>
    );
  if (m.status === 'produced_in_bundle')
    return (
      <Typography.Text type="secondary">
        <LinkOutlined aria-hidden /> {t('wbCases.material.producedBy', { item: m.producedBy ?? '—' })}
      </Typography.Text>
    );
  if (m.fileIds.length === 0 && (m.status === 'upload' || m.status === 'optional'))
    return (
      <Typography.Text type="secondary">
        {channel === 'counter' ? t('wbCases.material.paperAtCounter') : t('wbCases.material.noFile')}
      </Typography.Text>
    );
  return null;
}

/**
 * 材料核验: each material with how it was satisfied — exempted by an e-certificate (number, issuer)
 * or shared data, produced within the bundle, or uploaded files (name, size, SM3) to view.
 * Every view of a file is audited by the server.
 */
export function CaseWorkMaterials({ c }: { c: StaffCaseDetail }) {
  const { t } = useI18n();
  const [preview, setPreview] = useState<UploadedFile | undefined>();
  const filesOf = (m: CaseMaterial) =>
    c.files.filter((f) => m.fileIds.includes(f.id) || f.material === m.key);
  const known = new Set(c.materials.flatMap((m) => filesOf(m).map((f) => f.id)));
  const others = c.files.filter((f) => !known.has(f.id));

  if (c.materials.length === 0 && c.files.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('wbCases.material.none')} />;

  return (
    <>
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('wbCases.material.summary', { required: c.materialsRequired, exempted: c.materialsExempted })}
      </Typography.Paragraph>
      <ol style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="case-materials">
        {c.materials.map((m, i) => {
          const files = filesOf(m);
          return (
            <li
              key={m.key}
              data-testid={`case-material-${m.key}`}
              data-status={m.status}
              style={{ padding: '12px 0', borderTop: i === 0 ? undefined : '1px solid #f0f0f0' }}
            >
              <Flex gap={8} wrap align="center">
                <Typography.Text strong>
                  {i + 1}. {m.name}
                </Typography.Text>
                <Tag color={TAG_COLOURS[m.status]} className="sufu-wrap-tag">
                  {t(MATERIAL_STATUS_LABELS[m.status])}
                </Tag>
                {m.required ? null : <Tag>{t('wbCases.material.notRequired')}</Tag>}
              </Flex>
              {m.note ? (
                <Typography.Text type="secondary" style={{ display: 'block' }}>
                  {t('wbCases.material.note', { note: m.note })}
                </Typography.Text>
              ) : null}
              <div>
                <MaterialDetail m={m} channel={c.channel} />
              </div>
              {files.length > 0 ? (
                <Flex vertical gap={6} style={{ marginTop: 8 }}>
                  {files.map((f) => (
                    <FileRow key={f.id} caseId={c.id} file={f} onPreview={setPreview} />
                  ))}
                </Flex>
              ) : null}
            </li>
          );
        })}
      </ol>
      {others.length > 0 ? (
        <>
          <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
            {t('wbCases.material.others')}
          </Typography.Title>
          <Flex vertical gap={6}>
            {others.map((f) => (
              <FileRow key={f.id} caseId={c.id} file={f} onPreview={setPreview} />
            ))}
          </Flex>
        </>
      ) : null}
      <Modal
        open={preview !== undefined}
        title={preview?.name}
        onCancel={() => setPreview(undefined)}
        footer={
          preview ? (
            <Space>
              <Button
                href={fileLink(c.id, preview.id)}
                target="_blank"
                rel="noopener"
                icon={<ExportOutlined />}
              >
                {t('wbCases.file.openTab')}
              </Button>
              <Button type="primary" onClick={() => setPreview(undefined)}>
                {t('wbCases.file.close')}
              </Button>
            </Space>
          ) : null
        }
        width={800}
        destroyOnHidden
      >
        {preview ? (
          <Flex vertical gap={8} align="center">
            {preview.mediaType === 'application/pdf' ? (
              <iframe
                src={fileLink(c.id, preview.id)}
                title={preview.name}
                style={{ width: '100%', height: '70vh', border: 0 }}
                data-testid="case-file-preview"
              />
            ) : (
              <img
                src={fileLink(c.id, preview.id)}
                alt={preview.name}
                style={{ maxWidth: '100%', maxHeight: '70vh', objectFit: 'contain', imageRendering: 'auto' }}
                data-testid="case-file-preview"
              />
            )}
            <Alert type="info" showIcon title={t('wbCases.file.audited')} />
          </Flex>
        ) : null}
      </Modal>
    </>
  );
}
