import { useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Select, Tag, type InputRef } from 'antd';
import { apiPost, toApiError, type ApiError } from '../../api/client.ts';
import type { VerifyResult } from '../../api/identityTypes.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { Page, SectionTitle } from '../../components/Page.tsx';
import { LevelTag } from '../../components/LevelTag.tsx';
import { formatDateTimeSeconds } from '../../lib/format.ts';
import { CARD_LABELS, PROFILE_LABELS } from '../../lib/labels.ts';

const PURPOSES: MessageKey[] = [
  'scan.purpose.case',
  'scan.purpose.identity',
  'scan.purpose.collect',
  'scan.purpose.consult',
];

interface Values {
  code: string;
  purpose: string;
  caseNumber?: string;
}

/**
 * 扫码核验: a counter clerk scans (a scanner types like a keyboard and ends with Enter) or pastes a
 * 苏服码; the server checks signature, expiry and single use and releases the holder's identity.
 */
export default function ScanPage() {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<Values>();
  const [result, setResult] = useState<VerifyResult | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const input = useRef<InputRef>(null);

  const verify = async (v: Values) => {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const r = await apiPost<VerifyResult>('/service-code/verify', {
        code: v.code.trim(),
        purpose: v.purpose,
        ...(v.caseNumber?.trim() ? { caseNumber: v.caseNumber.trim() } : {}),
      });
      setResult(r);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
      // Ready for the next scan.
      form.setFieldValue('code', '');
      input.current?.focus();
    }
  };

  return (
    <Page title={t('scan.title')} intro={t('scan.intro')}>
      <Card>
        <Form
          form={form}
          name="scan"
          layout="vertical"
          requiredMark={false}
          style={{ maxWidth: 640 }}
          initialValues={{ purpose: t(PURPOSES[0]!) }}
          onFinish={(v) => void verify(v)}
        >
          <Form.Item
            name="code"
            label={t('scan.code')}
            extra={t('scan.code.help')}
            rules={[{ required: true, whitespace: true, message: t('scan.code.required') }]}
          >
            <Input
              ref={input}
              autoFocus
              autoComplete="off"
              spellCheck={false}
              className="sufu-scan-input"
              placeholder="SFM1:…"
              data-testid="scan-input"
            />
          </Form.Item>
          <Form.Item name="purpose" label={t('scan.purpose')} rules={[{ required: true }]}>
            <Select options={PURPOSES.map((k) => ({ value: t(k), label: t(k) }))} />
          </Form.Item>
          <Form.Item name="caseNumber" label={t('scan.caseNumber')} rules={[{ max: 64 }]}>
            <Input autoComplete="off" data-testid="scan-case-number" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="scan-submit">
            {t('scan.submit')}
          </Button>
        </Form>
      </Card>
      <div aria-live="polite" data-testid="scan-result">
        {error ? (
          <Alert
            type="error"
            showIcon
            title={t('scan.refused')}
            description={
              <>
                <div data-testid="scan-error" data-code={error.code}>
                  {error.localized(locale)}
                </div>
                {error.requestId ? <div>{t('error.requestId', { id: error.requestId })}</div> : null}
              </>
            }
          />
        ) : null}
        {result ? <ScanResult result={result} /> : null}
      </div>
    </Page>
  );
}

function ScanResult({ result }: { result: VerifyResult }) {
  const { t } = useI18n();
  const items: { key: string; label: string; children: ReactNode }[] = [
    { key: 'profile', label: t('scan.profile'), children: t(PROFILE_LABELS[result.profile]) },
    {
      key: 'holderType',
      label: t('scan.holderType'),
      children: result.holderType === 'person' ? t('scan.holder.person') : t('scan.holder.organisation'),
    },
  ];
  if (result.profile === 'counter') {
    items.push(
      {
        key: 'name',
        label: t('scan.name'),
        children: <strong data-testid="scan-holder-name">{result.name}</strong>,
      },
      {
        key: 'identifier',
        label: result.identifierType === 'credit_code' ? t('org.creditCode') : t('register.idNumber'),
        children: result.identifier,
      },
      { key: 'region', label: t('scan.region'), children: result.regionName ?? result.regionCode },
      { key: 'level', label: t('scan.level'), children: <LevelTag level={result.realNameLevel} /> },
    );
  } else if (result.profile === 'gate') {
    items.push(
      { key: 'name', label: t('scan.name'), children: result.nameMasked },
      { key: 'level', label: t('scan.level'), children: <LevelTag level={result.realNameLevel} /> },
    );
  } else {
    items.push(
      { key: 'name', label: t('scan.name'), children: result.nameMasked },
      { key: 'card', label: t(CARD_LABELS[result.card.domain]), children: result.card.number },
    );
  }
  items.push({
    key: 'expiresAt',
    label: t('scan.expiresAt'),
    children: formatDateTimeSeconds(result.expiresAt),
  });
  return (
    <Card title={<SectionTitle id="scan-result-heading">{t('scan.accepted')}</SectionTitle>}>
      <Alert
        type="success"
        showIcon
        title={result.consumed ? t('scan.consumed') : t('scan.notConsumed')}
        style={{ marginBottom: 16 }}
        action={
          result.consumed ? (
            <Tag color="green" data-testid="scan-used">
              {t('scan.used')}
            </Tag>
          ) : undefined
        }
      />
      <Descriptions bordered column={1} size="small" items={items} />
    </Card>
  );
}
