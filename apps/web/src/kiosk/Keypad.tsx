import { Button } from 'antd';
import { useI18n } from '../i18n/index.tsx';

interface KeypadProps {
  /** What the keys type into, for the group's accessible name. */
  field: string;
  /** Offer the letter X (the check character of a 公民身份号码). */
  allowX?: boolean;
  onKey: (key: string) => void;
  onBackspace: () => void;
  onClear: () => void;
}

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** A large on-screen number pad for touch screens; the physical keyboard works as well. */
export function Keypad({ field, allowX, onKey, onBackspace, onClear }: KeypadProps) {
  const { t } = useI18n();
  return (
    <div className="kiosk-keypad" role="group" aria-label={t('kiosk.keypad.label', { field })}>
      {DIGITS.map((d) => (
        <Button key={d} className="kiosk-key" onClick={() => onKey(d)} data-testid={`kiosk-key-${d}`}>
          {d}
        </Button>
      ))}
      {allowX ? (
        <Button className="kiosk-key" onClick={() => onKey('X')} data-testid="kiosk-key-X">
          X
        </Button>
      ) : (
        <Button className="kiosk-key" onClick={onClear} data-testid="kiosk-key-clear">
          {t('kiosk.keypad.clear')}
        </Button>
      )}
      <Button className="kiosk-key" onClick={() => onKey('0')} data-testid="kiosk-key-0">
        0
      </Button>
      <Button
        className="kiosk-key"
        onClick={onBackspace}
        title={t('kiosk.keypad.backspace.label')}
        data-testid="kiosk-key-backspace"
      >
        <span aria-hidden="true">⌫</span> {t('kiosk.keypad.backspace')}
      </Button>
      {allowX ? (
        <Button className="kiosk-key kiosk-key-wide" onClick={onClear} data-testid="kiosk-key-clear">
          {t('kiosk.keypad.clear')}
        </Button>
      ) : null}
    </div>
  );
}
