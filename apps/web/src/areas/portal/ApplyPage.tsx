import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Flex,
  Form,
  Grid,
  Progress,
  Result,
  Steps,
  Typography,
  Upload,
} from 'antd';
import { CheckCircleFilled, DeleteOutlined, SaveOutlined, UploadOutlined } from '@ant-design/icons';
import { apiDelete, apiGet, apiPost, apiPut, toApiError, type ApiError } from '../../api/client.ts';
import type { CaseMaterial, Draft, Receipt, UploadedFile } from '../../api/casesTypes.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useElderMode } from '../../theme/index.tsx';
import { Page, SectionTitle } from '../../components/Page.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ApiFormError } from '../../components/ApiFormError.tsx';
import { LoadingBlock } from '../../components/Loading.tsx';
import { ButtonLink } from '../../components/ButtonLink.tsx';
import { FileLine, MaterialList, isExempt } from '../../components/MaterialList.tsx';
import {
  SchemaFields,
  displayValue,
  fromFieldValues,
  lockedValues,
  toFieldValues,
  type ApiFormData,
} from '../../components/SchemaForm.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { ApplyReceipt } from './ApplyReceipt.tsx';
import {
  MAX_UPLOAD_BYTES,
  UPLOAD_ACCEPT,
  apiUpload,
  materialKey,
  newIdempotencyKey,
  sendRaw,
  uploadProblem,
} from './casesHooks.ts';

const STEP_KEYS = [
  'apply.step.confirm',
  'apply.step.form',
  'apply.step.upload',
  'apply.step.review',
] as const;

/** Materials of every item with their draft key (`m<i>` or `<item>.m<i>` in a bundle). */
interface KeyedMaterial {
  itemIndex: number;
  itemName: string;
  key: string;
  material: CaseMaterial;
}

function keyedMaterials(draft: Draft): KeyedMaterial[] {
  return draft.items.flatMap((it, i) =>
    it.materials.map((m) => ({
      itemIndex: i,
      itemName: it.name,
      key: materialKey(i, draft.items.length, m.key),
      material: m,
    })),
  );
}

/** 在线申请: confirm prefilled data and materials, fill in the form, upload, consent and submit. */
export default function ApplyPage() {
  const { t, locale, pick } = useI18n();
  const { message } = App.useApp();
  const { elder } = useElderMode();
  const screens = Grid.useBreakpoint();
  const compactSteps = elder || !screens.md;
  const [params, setParams] = useSearchParams();
  const itemId = params.get('item');
  const bundleId = params.get('bundle');
  const draftParam = params.get('draft');

  const [draft, setDraft] = useState<Draft | undefined>();
  const [loadError, setLoadError] = useState<ApiError | undefined>();
  const [step, setStep] = useState(0);
  const [formData, setFormData] = useState<ApiFormData>({});
  const [files, setFiles] = useState<UploadedFile[]>([]);
  const [saving, setSaving] = useState(false);
  const [savedAt, setSavedAt] = useState<string | undefined>();
  const [actionError, setActionError] = useState<ApiError | undefined>();
  const [missing, setMissing] = useState<string[]>([]);
  const [consent, setConsent] = useState(false);
  const [consentError, setConsentError] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [receipt, setReceipt] = useState<Receipt | undefined>();
  const [pendingFieldErrors, setPendingFieldErrors] = useState<ApiError | undefined>();
  const [form] = Form.useForm<Record<string, unknown>>();
  const loadedDraft = useRef<string | null>(null);
  const creating = useRef<string | null>(null);
  const idempotencyKey = useRef<string | null>(null);

  // Start a draft for ?item= / ?bundle=, or resume ?draft=.
  useEffect(() => {
    if (draftParam) {
      if (loadedDraft.current === draftParam) return;
      loadedDraft.current = draftParam;
      const controller = new AbortController();
      setLoadError(undefined);
      apiGet<Draft>(`/cases/drafts/${encodeURIComponent(draftParam)}`, undefined, controller.signal).then(
        (d) => {
          setDraft(d);
          setFormData(savedData(d));
          setFiles(d.files);
        },
        (e: unknown) => {
          if (controller.signal.aborted) return;
          loadedDraft.current = null;
          setLoadError(toApiError(e));
        },
      );
      return () => controller.abort();
    }
    const target = itemId ? { itemId } : bundleId ? { bundleId } : null;
    if (!target) return;
    const key = JSON.stringify(target);
    if (creating.current === key) return;
    creating.current = key;
    setLoadError(undefined);
    apiPost<Draft>('/cases/drafts', target).then(
      (d) => {
        loadedDraft.current = d.id;
        setDraft(d);
        setFormData(savedData(d));
        setFiles(d.files);
        setParams({ draft: d.id }, { replace: true });
      },
      (e: unknown) => {
        creating.current = null;
        setLoadError(toApiError(e));
      },
    );
  }, [draftParam, itemId, bundleId, setParams]);

  const locked = useMemo(() => (draft ? lockedValues(draft.form, draft.prefill) : new Map()), [draft]);
  const lockedKeys = useMemo(() => new Set(locked.keys()), [locked]);
  const materials = useMemo(() => (draft ? keyedMaterials(draft) : []), [draft]);
  const toUpload = materials.filter(
    (m) => m.material.status === 'upload' || m.material.status === 'optional',
  );
  const exempted = materials.filter((m) => isExempt(m.material));
  const filesOf = useCallback((key: string) => files.filter((f) => f.material === key), [files]);

  // Server field errors arrive while another step is shown: put them on the fields once the form is back.
  useEffect(() => {
    if (step !== 1 || !pendingFieldErrors || !draft) return;
    const fields = pendingFieldErrors.fieldErrors
      .filter((e) => typeof e.path[0] === 'string' && e.path[0] in draft.form.properties)
      .map((e) => ({ name: e.path[0] as string, errors: [e.message[locale] || e.message['zh-CN']] }));
    form.setFields(fields);
    setPendingFieldErrors(undefined);
  }, [step, pendingFieldErrors, draft, form, locale]);

  /** The form data as it stands (read from the form while it is shown). */
  const currentData = (): ApiFormData => {
    if (step === 1 && draft) return fromFieldValues(draft.form, form.getFieldsValue(true), lockedKeys);
    return formData;
  };

  const save = async (data: ApiFormData, announce: boolean): Promise<boolean> => {
    if (!draft) return false;
    setSaving(true);
    setActionError(undefined);
    try {
      const r = await apiPut<{ id: string; updatedAt: string }>(
        `/cases/drafts/${encodeURIComponent(draft.id)}`,
        { form: data },
      );
      setSavedAt(r.updatedAt);
      if (announce) void message.success(t('apply.draftSaved'));
      return true;
    } catch (e) {
      setActionError(toApiError(e));
      return false;
    } finally {
      setSaving(false);
    }
  };

  const goTo = async (next: number) => {
    if (!draft || next === step) return;
    let data = formData;
    if (step === 1) {
      if (next > step) {
        try {
          await form.validateFields();
        } catch {
          return;
        }
      }
      data = currentData();
      setFormData(data);
    }
    if (next === 3) {
      const gaps = toUpload
        .filter((m) => m.material.status === 'upload' && filesOf(m.key).length === 0)
        .map((m) => (draft.items.length > 1 ? `${m.itemName}：${m.material.name}` : m.material.name));
      setMissing(gaps);
      if (gaps.length > 0 && step <= 2) {
        setStep(2);
        return;
      }
    }
    setStep(next);
    window.scrollTo({ top: 0 });
    void save(data, false); // auto-save on every step change
  };

  const submit = async () => {
    if (!draft) return;
    if (!consent) {
      setConsentError(true);
      return;
    }
    setSubmitting(true);
    setActionError(undefined);
    const saved = await save(formData, false);
    if (!saved) {
      setSubmitting(false);
      return;
    }
    idempotencyKey.current ??= newIdempotencyKey();
    try {
      const r = await sendRaw<Receipt>(
        'POST',
        '/cases',
        { json: { draftId: draft.id, consent: true } },
        { 'Idempotency-Key': idempotencyKey.current },
      );
      setReceipt(r);
      window.scrollTo({ top: 0 });
    } catch (e) {
      const problem = toApiError(e);
      setActionError(problem);
      if (problem.code === 'cases.form_invalid') {
        setPendingFieldErrors(problem);
        setStep(1);
      } else if (problem.code === 'cases.materials_missing') {
        setMissing(problem.fieldErrors.map((f) => f.message[locale] || f.message['zh-CN']));
        setStep(2);
      }
    } finally {
      setSubmitting(false);
    }
  };

  // ------------------------------------------------------------------ rendering

  if (!itemId && !bundleId && !draftParam)
    return (
      <Page title={t('apply.title')}>
        <Card>
          <Result
            status="info"
            title={t('apply.noTarget')}
            subTitle={t('apply.noTarget.hint')}
            extra={
              <ButtonLink to="/portal/cases" type="primary">
                {t('myCases.title')}
              </ButtonLink>
            }
          />
        </Card>
      </Page>
    );

  if (loadError)
    return (
      <Page title={t('apply.title')}>
        <ErrorAlert error={loadError} />
      </Page>
    );

  if (!draft)
    return (
      <Page title={t('apply.title')}>
        <Card>
          <LoadingBlock rows={8} />
        </Card>
      </Page>
    );

  if (receipt) return <ApplyReceipt receipt={receipt} />;

  if (draft.caseId)
    return (
      <Page title={draft.title}>
        <Card>
          <Result
            status="info"
            title={t('apply.alreadySubmitted')}
            extra={
              <ButtonLink to={`/portal/cases/${draft.caseId}`} type="primary">
                {t('apply.viewCase')}
              </ButtonLink>
            }
          />
        </Card>
      </Page>
    );

  const bundle = draft.items.length > 1;
  const departments = [...new Set(draft.items.map((i) => i.departmentName))];
  const promised = draft.items.map((i) => i.promisedDays).filter((d): d is number => d !== null);
  const stepTitle = (i: number) => t(STEP_KEYS[i]!);

  const stepIndicator = compactSteps ? (
    <Card size="small">
      <Flex vertical gap={4} data-testid="apply-steps" aria-live="polite">
        <Typography.Text strong style={{ fontSize: elder ? 22 : 18 }}>
          {t('apply.stepOf', { n: step + 1, total: STEP_KEYS.length, title: stepTitle(step) })}
        </Typography.Text>
        <Progress
          percent={Math.round(((step + 1) / STEP_KEYS.length) * 100)}
          showInfo={false}
          aria-label={t('apply.progress')}
        />
        {step < STEP_KEYS.length - 1 ? (
          <Typography.Text type="secondary">
            {t('apply.nextStep', { title: stepTitle(step + 1) })}
          </Typography.Text>
        ) : null}
      </Flex>
    </Card>
  ) : (
    <Card size="small">
      <Steps
        data-testid="apply-steps"
        current={step}
        onChange={(n) => {
          if (n < step) void goTo(n);
        }}
        items={STEP_KEYS.map((k, i) => ({ title: t(k), disabled: i > step }))}
      />
    </Card>
  );

  const nav = (
    <Flex gap={12} wrap justify="space-between" align="center">
      <Flex gap={12} wrap>
        {step > 0 ? (
          <Button
            onClick={() => void goTo(step - 1)}
            data-testid="apply-prev"
            size={elder ? 'large' : 'middle'}
          >
            {t('apply.prev')}
          </Button>
        ) : null}
        {step < 3 ? (
          <Button
            type="primary"
            onClick={() => void goTo(step + 1)}
            data-testid="apply-next"
            size={elder ? 'large' : 'middle'}
          >
            {t('apply.next')}
          </Button>
        ) : (
          <Button
            type="primary"
            onClick={() => void submit()}
            loading={submitting}
            data-testid="apply-submit"
            size={elder ? 'large' : 'middle'}
          >
            {t('apply.submit')}
          </Button>
        )}
      </Flex>
      <Flex gap={8} wrap align="center">
        {savedAt ? (
          <Typography.Text type="secondary" data-testid="apply-saved-at">
            {t('apply.savedAt', { time: formatDateTime(savedAt) })}
          </Typography.Text>
        ) : null}
        <Button
          icon={<SaveOutlined />}
          loading={saving && !submitting}
          onClick={() => {
            const data = currentData();
            setFormData(data);
            void save(data, true);
          }}
          data-testid="apply-save-draft"
        >
          {t('apply.saveDraft')}
        </Button>
      </Flex>
    </Flex>
  );

  return (
    <Page
      title={draft.title}
      intro={t(bundle ? 'apply.intro.bundle' : 'apply.intro.item', {
        departments: departments.join('、'),
        count: draft.items.length,
        days: promised.length ? Math.max(...promised) : '—',
      })}
    >
      {stepIndicator}
      {actionError && step !== 1 ? <ApiFormError error={actionError} /> : null}

      {step === 0 ? (
        <>
          <Alert
            type="success"
            showIcon
            icon={<CheckCircleFilled />}
            data-testid="apply-exempted-banner"
            style={{ background: '#f6ffed', borderColor: '#b7eb8f' }}
            title={t('apply.exemptedBanner', { n: draft.exempted })}
            description={t('apply.exemptedBanner.hint')}
          />
          {bundle ? (
            <Card title={<SectionTitle>{t('apply.bundleItems')}</SectionTitle>}>
              <ol style={{ margin: 0, paddingInlineStart: 20 }} data-testid="apply-bundle-items">
                {draft.items.map((it) => (
                  <li key={it.itemId} style={{ marginBottom: 4 }}>
                    <Typography.Text strong>{it.name}</Typography.Text>
                    <Typography.Text type="secondary">
                      {' · '}
                      {it.departmentName}
                      {it.promisedDays !== null
                        ? ` · ${t('apply.promisedDays', { days: it.promisedDays })}`
                        : ''}
                    </Typography.Text>
                  </li>
                ))}
              </ol>
            </Card>
          ) : null}
          <Card title={<SectionTitle>{t('apply.prefill.title')}</SectionTitle>}>
            <Typography.Paragraph type="secondary">{t('apply.prefill.intro')}</Typography.Paragraph>
            {draft.prefill.length === 0 ? (
              <Typography.Text type="secondary">{t('apply.prefill.none')}</Typography.Text>
            ) : (
              <Descriptions
                bordered
                size="small"
                column={1}
                data-testid="apply-prefill"
                items={draft.prefill.map((f) => ({
                  key: f.key,
                  label: draft.form.properties[f.key]?.title ?? f.key,
                  children: (
                    <Flex vertical gap={2}>
                      <Typography.Text strong>{f.value}</Typography.Text>
                      <Typography.Text type="secondary">
                        {t('apply.prefill.source', { source: pick(f.source) })}
                      </Typography.Text>
                      <Typography.Text type="secondary">
                        {t('apply.prefill.purpose', { purpose: pick(f.purpose) })}
                      </Typography.Text>
                    </Flex>
                  ),
                }))}
              />
            )}
          </Card>
          <Card title={<SectionTitle>{t('apply.materials.title')}</SectionTitle>}>
            {draft.items.map((it, i) => (
              <div key={it.itemId} style={{ marginBottom: bundle ? 16 : 0 }}>
                {bundle ? (
                  <Typography.Title level={3} style={{ fontSize: 17, marginBottom: 0 }}>
                    {i + 1}. {it.name}
                  </Typography.Title>
                ) : null}
                <MaterialList materials={it.materials} testId={`apply-materials-${i}`} />
              </div>
            ))}
          </Card>
        </>
      ) : null}

      {step === 1 ? (
        <Form
          form={form}
          name="apply"
          layout="vertical"
          initialValues={toFieldValues(draft.form, formData)}
          scrollToFirstError
          style={{ maxWidth: 720 }}
          onValuesChange={() => setActionError(undefined)}
        >
          <Flex vertical gap={16}>
            {actionError ? <ApiFormError error={actionError} /> : null}
            {locked.size > 0 ? (
              <Card title={<SectionTitle>{t('apply.form.locked')}</SectionTitle>}>
                <Typography.Paragraph type="secondary">{t('apply.form.locked.hint')}</Typography.Paragraph>
                <SchemaFields schema={draft.form} locked={locked} part="locked" />
              </Card>
            ) : null}
            <Card title={<SectionTitle>{t('apply.form.editable')}</SectionTitle>}>
              {bundle && draft.sharedFields.length > 0 ? (
                <Typography.Paragraph type="secondary">{t('apply.form.bundleHint')}</Typography.Paragraph>
              ) : null}
              <SchemaFields
                schema={draft.form}
                locked={locked}
                sharedFields={draft.sharedFields}
                part="editable"
              />
            </Card>
          </Flex>
        </Form>
      ) : null}

      {step === 2 ? (
        <>
          {missing.length > 0 ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              data-testid="apply-missing"
              title={t('apply.upload.missing')}
              description={
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {missing.map((m) => (
                    <li key={m}>{m}</li>
                  ))}
                </ul>
              }
            />
          ) : null}
          <Card title={<SectionTitle>{t('apply.upload.title')}</SectionTitle>}>
            <Typography.Paragraph type="secondary">
              {t('apply.upload.rules', { mb: MAX_UPLOAD_BYTES / 1024 / 1024 })}
            </Typography.Paragraph>
            {toUpload.length === 0 ? (
              <Result status="success" title={t('apply.upload.nothing')} data-testid="apply-upload-nothing" />
            ) : (
              <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                {toUpload.map((m) => (
                  <UploadRow
                    key={m.key}
                    draftId={draft.id}
                    item={bundle ? m.itemName : undefined}
                    entry={m}
                    files={filesOf(m.key)}
                    onUploaded={(f) => {
                      setFiles((old) => [...old, f]);
                      setMissing((old) =>
                        old.filter((x) => x !== m.material.name && x !== `${m.itemName}：${m.material.name}`),
                      );
                    }}
                    onRemoved={(id) => setFiles((old) => old.filter((x) => x.id !== id))}
                  />
                ))}
              </ul>
            )}
          </Card>
          {exempted.length > 0 ? (
            <Card title={<SectionTitle>{t('apply.upload.exempted', { n: exempted.length })}</SectionTitle>}>
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {exempted.map((m) => (
                  <li key={m.key}>
                    {bundle ? `${m.itemName}：` : ''}
                    {m.material.name}
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
        </>
      ) : null}

      {step === 3 ? (
        <>
          <Card title={<SectionTitle>{t('apply.review.form')}</SectionTitle>}>
            <Descriptions
              bordered
              size="small"
              column={1}
              data-testid="apply-review-form"
              items={Object.entries(draft.form.properties).map(([k, p]) => ({
                key: k,
                label: p.title ?? k,
                children: displayValue(p, locked.get(k)?.value ?? formData[k], t),
              }))}
            />
          </Card>
          <Card title={<SectionTitle>{t('apply.review.materials')}</SectionTitle>}>
            <Typography.Paragraph strong data-testid="apply-review-exempted">
              {t('apply.exemptedBanner', { n: draft.exempted })}
            </Typography.Paragraph>
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {materials.map((m) => {
                const uploaded = filesOf(m.key);
                return (
                  <li key={m.key}>
                    {bundle ? `${m.itemName}：` : ''}
                    {m.material.name}
                    {' — '}
                    <Typography.Text type="secondary">
                      {isExempt(m.material)
                        ? t('apply.review.exempt')
                        : uploaded.length
                          ? t('apply.review.files', { n: uploaded.length })
                          : m.material.status === 'optional'
                            ? t('apply.review.optionalNone')
                            : t('apply.review.missing')}
                    </Typography.Text>
                  </li>
                );
              })}
            </ul>
          </Card>
          <ConsentCard
            draft={draft}
            consent={consent}
            error={consentError}
            onChange={(v) => {
              setConsent(v);
              if (v) setConsentError(false);
            }}
          />
        </>
      ) : null}

      <Card size="small">{nav}</Card>
    </Page>
  );
}

/** Form data saved in a draft, reduced to what the schema knows (server-side keys stay out). */
function savedData(d: Draft): ApiFormData {
  const out: ApiFormData = {};
  for (const [k, v] of Object.entries(d.savedForm)) {
    if (!(k in d.form.properties)) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}

function UploadRow({
  draftId,
  item,
  entry,
  files,
  onUploaded,
  onRemoved,
}: {
  draftId: string;
  item: string | undefined;
  entry: KeyedMaterial;
  files: UploadedFile[];
  onUploaded: (f: UploadedFile) => void;
  onRemoved: (fileId: string) => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const m = entry.material;
  const headingId = `upload-heading-${entry.key.replace('.', '-')}`;
  return (
    <li
      data-testid={`upload-${entry.key}`}
      aria-labelledby={headingId}
      style={{ padding: '12px 0', borderBottom: '1px solid #f0f0f0' }}
    >
      <Flex vertical gap={6}>
        <Flex gap={8} wrap align="center">
          <Typography.Text strong id={headingId}>
            {item ? `${item}：` : ''}
            {m.name}
          </Typography.Text>
          <Typography.Text type={m.status === 'upload' ? 'danger' : 'secondary'}>
            {t(m.status === 'upload' ? 'apply.upload.required' : 'apply.upload.optional')}
          </Typography.Text>
        </Flex>
        {m.note ? (
          <Typography.Text type="secondary">{t('caseUi.material.note', { note: m.note })}</Typography.Text>
        ) : null}
        {files.map((f) => (
          <FileLine
            key={f.id}
            file={f}
            extra={
              <Flex gap={4} align="center">
                <CheckCircleFilled style={{ color: '#237804' }} aria-label={t('apply.upload.done')} />
                <Button
                  type="link"
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('apply.upload.remove', { name: f.name })}
                  data-testid={`remove-${f.id}`}
                  onClick={() => {
                    apiDelete(
                      `/cases/drafts/${encodeURIComponent(draftId)}/files/${encodeURIComponent(f.id)}`,
                    ).then(
                      () => onRemoved(f.id),
                      (e: unknown) => setError(toApiError(e).localized(locale)),
                    );
                  }}
                >
                  {t('apply.upload.removeShort')}
                </Button>
              </Flex>
            }
          />
        ))}
        <div>
          <Upload
            accept={UPLOAD_ACCEPT}
            showUploadList={false}
            multiple={false}
            beforeUpload={(file) => {
              const problem = uploadProblem(file);
              if (problem) {
                const text = t(`apply.upload.problem.${problem}`, { mb: MAX_UPLOAD_BYTES / 1024 / 1024 });
                setError(text);
                void message.error(text);
                return Upload.LIST_IGNORE;
              }
              setError(undefined);
              return true;
            }}
            customRequest={({ file, onSuccess, onError }) => {
              setBusy(true);
              apiUpload(`/cases/drafts/${encodeURIComponent(draftId)}`, entry.key, file as File).then(
                (uploaded) => {
                  setBusy(false);
                  onUploaded(uploaded);
                  void message.success(t('apply.upload.success', { name: uploaded.name }));
                  onSuccess?.(uploaded);
                },
                (e: unknown) => {
                  setBusy(false);
                  const problem = toApiError(e);
                  setError(problem.localized(locale));
                  onError?.(problem);
                },
              );
            }}
          >
            <Button
              icon={<UploadOutlined />}
              loading={busy}
              aria-label={t('apply.upload.buttonFor', {
                action: files.length ? t('apply.upload.more') : t('apply.upload.button'),
                name: m.name,
              })}
            >
              {files.length ? t('apply.upload.more') : t('apply.upload.button')}
            </Button>
          </Upload>
        </div>
        {error ? (
          <Typography.Text type="danger" role="alert">
            {error}
          </Typography.Text>
        ) : null}
      </Flex>
    </li>
  );
}

/** What is shared, from where, for what purpose — and the applicant's consent (Myinfo-style). */
function ConsentCard({
  draft,
  consent,
  error,
  onChange,
}: {
  draft: Draft;
  consent: boolean;
  error: boolean;
  onChange: (v: boolean) => void;
}) {
  const { t, pick } = useI18n();
  const certificates = new Map<string, { type: string; number: string; issuer: string; for: string[] }>();
  const shared: { name: string; source: string }[] = [];
  for (const it of draft.items)
    for (const m of it.materials) {
      if (m.status === 'exempt_certificate' && m.certificate) {
        const c = certificates.get(m.certificate.certificateId) ?? { ...m.certificate, for: [] };
        if (!c.for.includes(m.name)) c.for.push(m.name);
        certificates.set(m.certificate.certificateId, c);
      }
      if (m.status === 'exempt_shared' && m.sharedSource)
        shared.push({ name: m.name, source: pick(m.sharedSource) });
    }
  const departments = [...new Set(draft.items.map((i) => i.departmentName))].join('、');
  return (
    <Card title={<SectionTitle id="consent-title">{t('apply.consent.title')}</SectionTitle>}>
      <Typography.Paragraph>
        {t('apply.consent.intro', { title: draft.title, departments })}
      </Typography.Paragraph>
      <Flex vertical gap={12}>
        {draft.prefill.length > 0 ? (
          <div>
            <Typography.Text strong>{t('apply.consent.data')}</Typography.Text>
            <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }} data-testid="consent-data">
              {draft.prefill.map((f) => (
                <li key={f.key}>
                  {t('apply.consent.dataLine', {
                    field: draft.form.properties[f.key]?.title ?? f.key,
                    source: pick(f.source),
                    purpose: pick(f.purpose),
                  })}
                </li>
              ))}
              {shared.map((s) => (
                <li key={s.name}>{t('apply.consent.sharedLine', { name: s.name, source: s.source })}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {certificates.size > 0 ? (
          <div>
            <Typography.Text strong>{t('apply.consent.certificates')}</Typography.Text>
            <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }} data-testid="consent-certificates">
              {[...certificates.values()].map((c) => (
                <li key={`${c.type}-${c.number}`}>
                  {t('apply.consent.certLine', {
                    type: c.type,
                    number: c.number,
                    issuer: c.issuer,
                    for: c.for.join('、'),
                  })}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('apply.consent.note')}
        </Typography.Paragraph>
        <div>
          <Checkbox
            checked={consent}
            onChange={(e) => onChange(e.target.checked)}
            data-testid="apply-consent"
            aria-describedby={error ? 'consent-error' : undefined}
            aria-invalid={error || undefined}
          >
            {t('apply.consent.checkbox')}
          </Checkbox>
          {error ? (
            <div id="consent-error" role="alert">
              <Typography.Text type="danger">{t('apply.consent.required')}</Typography.Text>
            </div>
          ) : null}
        </div>
      </Flex>
    </Card>
  );
}
