import { Card, Descriptions, Typography } from 'antd';
import { useI18n } from '../../i18n/index.tsx';
import { Page, SectionTitle } from '../../components/Page.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LoadingBlock } from '../../components/Loading.tsx';
import { useProfile } from './hooks.ts';

/** 我的账户: my profile with masked identifiers. */
export default function ProfilePage() {
  const { t } = useI18n();
  const { data, error, loading, reload } = useProfile();
  const none = <Typography.Text type="secondary">{t('common.notRecorded')}</Typography.Text>;

  return (
    <Page title={t('portal.profile.title')}>
      {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
      {loading && !data ? <LoadingBlock /> : null}
      {data ? (
        <Card title={<SectionTitle>{data.displayName}</SectionTitle>}>
          <Descriptions
            column={{ xs: 1, sm: 1, md: 2 }}
            bordered
            size="small"
            data-testid="profile"
            items={[
              { key: 'displayName', label: t('profile.displayName'), children: data.displayName },
              {
                key: 'kind',
                label: t('profile.kind'),
                children: t(data.kind === 'person' ? 'kind.person' : 'kind.staff'),
              },
              {
                key: 'idNumber',
                label: t('profile.idNumber'),
                children: data.idNumberMasked ? (
                  <span data-testid="profile-id-number">{data.idNumberMasked}</span>
                ) : (
                  none
                ),
              },
              {
                key: 'mobile',
                label: t('profile.mobile'),
                children: data.mobileMasked ? (
                  <span data-testid="profile-mobile">{data.mobileMasked}</span>
                ) : (
                  none
                ),
              },
              {
                key: 'realNameLevel',
                label: t('profile.realNameLevel'),
                children: data.realNameLevel ? t(`realName.${data.realNameLevel}`) : none,
              },
              {
                key: 'region',
                label: t('profile.region'),
                children: data.regionName
                  ? data.regionCode
                    ? t('common.withParen', { text: data.regionName, inner: data.regionCode })
                    : data.regionName
                  : none,
              },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {t('profile.maskNote')}
          </Typography.Paragraph>
        </Card>
      ) : null}
    </Page>
  );
}
