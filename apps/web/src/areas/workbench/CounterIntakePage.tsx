import { useRef, useState } from 'react';
import { Alert, Button, Card, Empty, Flex, Form, Input, Radio, Space, Tag, Typography } from 'antd';
import { ScanOutlined, SendOutlined, UnorderedListOutlined } from '@ant-design/icons';
import type { Receipt } from '../../api/casesTypes.ts';
import { ApiError, toApiError } from '../../api/client.ts';
import { translate, useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session/SessionProvider.tsx';
import { Page, SectionTitle } from '../../components/Page.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ButtonLink } from '../../components/ButtonLink.tsx';
import { ApiFormError, applyFieldErrors } from '../../components/ApiFormError.tsx';
import { apiPost } from '../../api/client.ts';
import { LoadingBlock } from '../../components/Loading.tsx';
import { fromFieldValues } from '../../components/SchemaForm.tsx';
import {
  counterIntake,
  idNumberProblem,
  newIdempotencyKey,
  useCatalogItem,
  useCatalogSearch,
} from './casesHooks.ts';
import { CounterIntakeForm, counterSchema } from './CounterIntakeForm.tsx';
import { CounterIntakeReceipt } from './CounterIntakeReceipt.tsx';

interface Applicant {
  idNumber: string;
  name: string;
}

/**
 * 窗口收件: a clerk submits an application for a walk-in applicant — identity (ID number and name,
 * checked against the population library by the server; or the 苏服码 scanned on the scan page),
 * the service, its form — and hands over a printed 受理回执. The request carries an
 * Idempotency-Key, so a retried click never creates a second case.
 */
export default function CounterIntakePage() {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const [applicantForm] = Form.useForm<Applicant>();
  const [itemForm] = Form.useForm<Record<string, unknown>>();
  const [query, setQuery] = useState<string | null>(null);
  const [itemId, setItemId] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [submitError, setSubmitError] = useState<ApiError | undefined>();
  const [receipt, setReceipt] = useState<{ receipt: Receipt; name: string } | undefined>();
  // One key per distinct request: a retry of the same body reuses it (the server replays the receipt).
  const attempt = useRef<{ key: string; body: string } | null>(null);

  const search = useCatalogSearch(query);
  const item = useCatalogItem(itemId);

  const reset = () => {
    applicantForm.resetFields();
    setItemId(null);
    setQuery(null);
    setSubmitError(undefined);
    setReceipt(undefined);
    attempt.current = null;
  };

  const submit = async () => {
    setSubmitError(undefined);
    let applicant: Applicant;
    let values: Record<string, unknown> = {};
    // On a mistake, bring the first wrong field into view (keyboard users land on it too).
    const firstError = (e: unknown) =>
      (e as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0]?.name;
    try {
      applicant = await applicantForm.validateFields();
    } catch (e) {
      const name = firstError(e);
      if (name) applicantForm.scrollToField(name, { block: 'center', focus: true });
      return;
    }
    try {
      if (item.data?.form && Object.keys(item.data.form.properties).length > 0)
        values = await itemForm.validateFields();
    } catch (e) {
      const name = firstError(e);
      if (name) itemForm.scrollToField(name, { block: 'center', focus: true });
      return;
    }
    if (!item.data) return;
    const schema = item.data.form ? counterSchema(item.data.form, '') : null;
    const body = {
      idNumber: applicant.idNumber.trim().toUpperCase(),
      name: applicant.name.trim(),
      itemId: item.data.id,
      form: schema ? fromFieldValues(schema, values) : {},
    };
    const text = JSON.stringify(body);
    if (!attempt.current || attempt.current.body !== text)
      attempt.current = { key: newIdempotencyKey(), body: text };
    setSaving(true);
    try {
      const r = await counterIntake(body, attempt.current.key);
      setReceipt({ receipt: r, name: body.name });
      window.scrollTo({ top: 0 });
    } catch (e) {
      const problem = toApiError(e);
      applyFieldErrors(itemForm, problem, locale);
      setSubmitError(problem);
    } finally {
      setSaving(false);
    }
  };

  if (receipt)
    return (
      <Page title={t('wbCases.intake.title')}>
        <CounterIntakeReceipt receipt={receipt.receipt} applicantName={receipt.name} onNext={reset} />
      </Page>
    );

  const idMessages = {
    format: t('wbCases.intake.id.format'),
    birth_date: t('wbCases.intake.id.birthDate'),
    check_digit: t('wbCases.intake.id.checkDigit'),
  } as const;

  return (
    <Page
      title={t('wbCases.intake.title')}
      intro={t('wbCases.intake.intro')}
      extra={
        <ButtonLink to="/workbench/cases" icon={<UnorderedListOutlined />}>
          {t('wbCases.queue.title')}
        </ButtonLink>
      }
    >
      <Card title={<SectionTitle>{t('wbCases.intake.step.applicant')}</SectionTitle>}>
        <Form<Applicant>
          form={applicantForm}
          name="intake-applicant"
          layout="vertical"
          requiredMark={false}
          style={{ maxWidth: 720 }}
        >
          <Flex gap={16} wrap>
            <Form.Item
              name="idNumber"
              label={t('register.idNumber')}
              style={{ flex: '1 1 260px' }}
              validateFirst
              rules={[
                { required: true, whitespace: true, message: t('wbCases.intake.id.required') },
                {
                  validator: async (_, v: unknown) => {
                    const problem = typeof v === 'string' && v.trim() ? idNumberProblem(v) : null;
                    if (problem) throw new Error(idMessages[problem]);
                  },
                },
              ]}
            >
              <Input
                maxLength={18}
                autoComplete="off"
                spellCheck={false}
                inputMode="text"
                style={{ fontFamily: 'monospace' }}
                data-testid="intake-id-number"
              />
            </Form.Item>
            <Form.Item
              name="name"
              label={t('wbCases.intake.name')}
              style={{ flex: '1 1 200px' }}
              rules={[
                { required: true, whitespace: true, message: t('wbCases.intake.name.required') },
                { max: 50 },
              ]}
            >
              <Input maxLength={50} autoComplete="off" data-testid="intake-name" />
            </Form.Item>
          </Flex>
        </Form>
        {can('service-code.scan') ? (
          <ServiceCodeFill onFilled={(v) => applicantForm.setFieldsValue(v)} />
        ) : null}
      </Card>

      <Card title={<SectionTitle>{t('wbCases.intake.step.item')}</SectionTitle>}>
        <Flex vertical gap={12}>
          <Input.Search
            allowClear
            enterButton={t('common.search')}
            aria-label={t('wbCases.intake.search')}
            placeholder={t('wbCases.intake.searchPlaceholder')}
            onSearch={(v) => setQuery(v.trim() || null)}
            style={{ maxWidth: 560 }}
            data-testid="intake-item-search"
          />
          {search.error ? <ErrorAlert error={search.error} onRetry={search.reload} /> : null}
          {query === null ? null : search.loading && !search.data ? (
            <LoadingBlock rows={3} />
          ) : (search.data?.items.length ?? 0) === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('wbCases.intake.noItems')} />
          ) : (
            <Radio.Group
              value={itemId}
              onChange={(e) => {
                setItemId(e.target.value as string);
                setSubmitError(undefined);
              }}
              aria-label={t('wbCases.intake.step.item')}
              style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
              data-testid="intake-items"
            >
              {search.data!.items.map((it) => (
                <Radio key={it.id} value={it.id} data-testid={`intake-item-${it.id}`}>
                  <Space size={6} wrap>
                    <span>{it.name}</span>
                    <Typography.Text type="secondary">{it.id}</Typography.Text>
                    {it.promisedDays !== null ? (
                      <Tag>{t('wbCases.intake.promised', { days: it.promisedDays })}</Tag>
                    ) : null}
                    {it.channels.includes('counter') ? null : (
                      <Tag color="orange">{t('wbCases.intake.notAtCounter')}</Tag>
                    )}
                  </Space>
                </Radio>
              ))}
            </Radio.Group>
          )}
        </Flex>
      </Card>

      {itemId ? (
        <Card title={<SectionTitle>{t('wbCases.intake.step.form')}</SectionTitle>}>
          {item.error ? (
            <ErrorAlert error={item.error} onRetry={item.reload} />
          ) : !item.data ? (
            <LoadingBlock rows={5} />
          ) : (
            <CounterIntakeForm item={item.data} form={itemForm} />
          )}
        </Card>
      ) : null}

      <Card>
        <div aria-live="polite">
          <ApiFormError error={submitError} />
        </div>
        <Flex gap={12} wrap align="center">
          <Button
            type="primary"
            size="large"
            icon={<SendOutlined />}
            loading={saving}
            disabled={!item.data}
            onClick={() => void submit()}
            data-testid="intake-submit"
          >
            {t('wbCases.intake.submit')}
          </Button>
          <Typography.Text type="secondary">
            {item.data ? t('wbCases.intake.submitHelp') : t('wbCases.intake.chooseFirst')}
          </Typography.Text>
        </Flex>
      </Card>
    </Page>
  );
}

type CounterVerify = {
  valid: true;
  profile: string;
  name?: string;
  identifierType?: string;
  identifier?: string;
};

/**
 * 扫苏服码: the scanner types the code into this field (keyboard wedge) and Enter verifies it
 * with the counter profile, which releases the holder's name and ID number to the clerk (the
 * scan is logged and audited by the service-code module). The applicant fields are then filled.
 */
function ServiceCodeFill({ onFilled }: { onFilled: (v: { idNumber: string; name: string }) => void }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const scan = async (value: string) => {
    const v = value.trim();
    if (!v) return;
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      const r = await apiPost<CounterVerify>('/service-code/verify', {
        code: v,
        purpose: t('wbCases.intake.title'),
      });
      if (r.identifierType === 'id_number' && r.identifier && r.name) {
        onFilled({ idNumber: r.identifier, name: r.name });
        setDone(r.name);
      } else {
        setError(
          new ApiError({
            status: 422,
            code: 'intake.not_person',
            messages: {
              'zh-CN': translate('zh-CN', 'wbCases.intake.scanNotPerson'),
              en: translate('en', 'wbCases.intake.scanNotPerson'),
            },
          }),
        );
      }
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
      setCode('');
    }
  };
  return (
    <Flex vertical gap={8} style={{ maxWidth: 720 }}>
      <Input.Search
        value={code}
        onChange={(e) => setCode(e.target.value)}
        onSearch={(v) => void scan(v)}
        loading={busy}
        enterButton={
          <span>
            <ScanOutlined /> {t('wbCases.intake.scan')}
          </span>
        }
        placeholder={t('wbCases.intake.scanHint')}
        aria-label={t('wbCases.intake.scan')}
        autoComplete="off"
        data-testid="intake-scan-code"
      />
      {done ? (
        <Alert type="success" showIcon message={t('wbCases.intake.scanFilled', { name: done })} />
      ) : null}
      {error ? <ErrorAlert error={error} title="wbCases.intake.scan" /> : null}
    </Flex>
  );
}
