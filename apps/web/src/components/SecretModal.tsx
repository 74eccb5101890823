import { Alert, Button, Modal, Typography } from 'antd';
import { useI18n } from '../i18n/index.tsx';

/** A secret the server shows once (client secrets): with a copy button, and a warning that it will not be shown again. */
export function SecretModal({
  secret,
  clientId,
  onClose,
}: {
  secret: string | undefined;
  clientId: string | undefined;
  onClose: () => void;
}) {
  const { t } = useI18n();
  return (
    <Modal
      open={secret !== undefined}
      title={t('secret.title')}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose} data-testid="secret-close">
          {t('secret.done')}
        </Button>
      }
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('secret.once')} style={{ marginBottom: 16 }} />
      {clientId ? (
        <Typography.Paragraph>
          {t('common.labelValue', { label: t('sso.clientId'), value: clientId })}
        </Typography.Paragraph>
      ) : null}
      <Typography.Paragraph>
        <Typography.Text
          className="sufu-secret"
          copyable={{ text: secret ?? '' }}
          code
          data-testid="client-secret"
        >
          {secret}
        </Typography.Text>
      </Typography.Paragraph>
    </Modal>
  );
}
