import { Link } from 'react-router-dom';
import { Card, Col, Flex, Row, Typography } from 'antd';
import { ArrowRightOutlined, LockOutlined, LoginOutlined } from '@ant-design/icons';
import { AREAS, type AreaDefinition } from '../areas/registry.tsx';
import { useI18n } from '../i18n/index.tsx';
import { loginPath, useSession } from '../session/SessionProvider.tsx';
import { SiteLayout } from '../components/SiteLayout.tsx';
import { Page } from '../components/Page.tsx';
import { LoadingBlock } from '../components/Loading.tsx';
import { ButtonLink } from '../components/ButtonLink.tsx';

/** 首页: a welcome and one card per area (disabled with the reason when the account lacks it). */
export function HomePage() {
  const { t } = useI18n();
  const { session, account } = useSession();
  return (
    <SiteLayout>
      <Page
        title={account ? t('home.welcomeUser', { name: account.displayName }) : t('home.title')}
        intro={t('home.intro')}
      >
        <Card style={{ marginBottom: 24 }}>
          <Flex justify="space-between" align="center" wrap gap={12}>
            <div>
              <Typography.Title level={2} style={{ fontSize: '1.25em', margin: 0 }}>
                {t('home.services.title')}
              </Typography.Title>
              <Typography.Text type="secondary">{t('home.services.desc')}</Typography.Text>
            </div>
            <ButtonLink to="/services" type="primary" size="large" data-testid="home-services">
              {t('home.services.open')} <ArrowRightOutlined aria-hidden="true" />
            </ButtonLink>
          </Flex>
        </Card>
        <section aria-labelledby="home-areas">
          <Typography.Title level={2} id="home-areas" style={{ fontSize: '1.25em' }}>
            {t('home.areas')}
          </Typography.Title>
          {session === undefined ? (
            <LoadingBlock />
          ) : (
            <Row gutter={[16, 16]}>
              {AREAS.map((area) => (
                <Col key={area.key} xs={24} sm={12} lg={8}>
                  <AreaCard area={area} />
                </Col>
              ))}
            </Row>
          )}
        </section>
      </Page>
    </SiteLayout>
  );
}

function AreaCard({ area }: { area: AreaDefinition }) {
  const { t } = useI18n();
  const { account, hasArea } = useSession();
  const path = `/${area.key}`;
  const allowed = account ? hasArea(area.key) : true;
  const footer = !account ? (
    <>
      <LoginOutlined aria-hidden="true" /> {t('home.area.loginToEnter')}
    </>
  ) : allowed ? (
    <>
      {t('home.area.enter')} <ArrowRightOutlined aria-hidden="true" />
    </>
  ) : (
    <>
      <LockOutlined aria-hidden="true" /> {t('home.area.noAccess')}
    </>
  );

  const card = (
    <Card hoverable={allowed} variant="outlined">
      <Flex gap={16} align="flex-start">
        <span className="sufu-area-icon" aria-hidden="true">
          {area.icon}
        </span>
        <div>
          <Typography.Title level={3} style={{ fontSize: '1.15em', marginTop: 0, marginBottom: 4 }}>
            {t(area.name)}
          </Typography.Title>
          <Typography.Paragraph style={{ marginBottom: 8 }}>{t(area.description)}</Typography.Paragraph>
          <Typography.Text type={allowed ? undefined : 'secondary'} className="sufu-area-footer">
            {footer}
          </Typography.Text>
        </div>
      </Flex>
    </Card>
  );

  if (!allowed) {
    return (
      <div
        className="sufu-area-card"
        aria-disabled="true"
        data-testid={`area-card-${area.key}`}
        data-disabled="true"
      >
        {card}
      </div>
    );
  }
  return (
    <Link
      to={account ? path : loginPath(path)}
      className="sufu-area-card"
      data-testid={`area-card-${area.key}`}
    >
      {card}
    </Link>
  );
}
