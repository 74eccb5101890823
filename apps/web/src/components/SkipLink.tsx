import { useI18n } from '../i18n/index.tsx';

/** "跳到主要内容": the first focusable element of every page; moves focus to `<main id="main">`. */
export function SkipLink() {
  const { t } = useI18n();
  return (
    <a
      href="#main"
      className="skip-link"
      data-testid="skip-link"
      onClick={(event) => {
        event.preventDefault();
        const main = document.getElementById('main');
        main?.focus();
        main?.scrollIntoView();
      }}
    >
      {t('app.skipToContent')}
    </a>
  );
}
