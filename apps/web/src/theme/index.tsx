import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ThemeConfig } from 'antd';

export const FONT_FAMILY =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif";

/** Colours chosen for WCAG AA contrast (≥ 4.5:1 on white) where antd's defaults fall short. */
export const palette = {
  primary: '#0958d9',
  primaryElder: '#003eb3',
  error: '#cf1322',
  errorElder: '#a8071a',
  success: '#237804',
  warning: '#ad4e00',
  holiday: '#cf1322',
  makeup: '#ad4e00',
};

/**
 * The antd theme. The 长辈版 (elder) variant raises the base font from 16 to 20 px, enlarges
 * controls, and darkens text, borders and the primary colour for higher contrast.
 */
export function buildTheme(elder: boolean): ThemeConfig {
  const base: ThemeConfig['token'] = {
    fontFamily: FONT_FAMILY,
    fontSize: 16,
    fontSizeHeading1: 28,
    fontSizeHeading2: 22,
    fontSizeHeading3: 18,
    fontSizeHeading4: 17,
    fontSizeHeading5: 16,
    colorPrimary: palette.primary,
    colorLink: palette.primary,
    colorInfo: palette.primary,
    colorError: palette.error,
    colorSuccess: palette.success,
    // The derived backgrounds of a dark seed green are muddy; the light greens read as success.
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
    colorWarning: palette.warning,
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
    borderRadius: 6,
  };
  const elderTokens: ThemeConfig['token'] = {
    fontSize: 20,
    fontSizeSM: 18,
    fontSizeLG: 22,
    fontSizeXL: 24,
    fontSizeHeading1: 34,
    fontSizeHeading2: 28,
    fontSizeHeading3: 24,
    fontSizeHeading4: 22,
    fontSizeHeading5: 20,
    controlHeight: 44,
    controlHeightSM: 36,
    controlHeightLG: 52,
    colorPrimary: palette.primaryElder,
    colorLink: palette.primaryElder,
    colorInfo: palette.primaryElder,
    colorError: palette.errorElder,
    colorText: '#000000',
    colorTextHeading: '#000000',
    colorTextSecondary: 'rgba(0, 0, 0, 0.85)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.78)',
    colorTextDescription: 'rgba(0, 0, 0, 0.78)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.65)',
    colorBorder: '#767676',
    colorBorderSecondary: '#bfbfbf',
  };
  return {
    token: { ...base, ...(elder ? elderTokens : {}) },
    components: {
      Layout: {
        headerBg: '#ffffff',
        siderBg: '#ffffff',
        headerHeight: elder ? 72 : 64,
        headerPadding: '0 16px',
        bodyBg: '#f5f7fa',
        footerBg: '#f5f7fa',
      },
    },
  };
}

const STORAGE_KEY = 'sufu.elder';

interface ElderModeValue {
  elder: boolean;
  setElder: (on: boolean) => void;
}

const ElderModeContext = createContext<ElderModeValue | null>(null);

function readStoredElder(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}

/** Holds the 长辈版 switch, remembered in localStorage and mirrored as `<html data-elder>`. */
export function ElderModeProvider({ children }: { children: ReactNode }) {
  const [elder, setElderState] = useState(readStoredElder);

  useEffect(() => {
    document.documentElement.toggleAttribute('data-elder', elder);
  }, [elder]);

  const setElder = useCallback((on: boolean) => {
    try {
      localStorage.setItem(STORAGE_KEY, on ? '1' : '0');
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    setElderState(on);
  }, []);

  const value = useMemo(() => ({ elder, setElder }), [elder, setElder]);
  return <ElderModeContext.Provider value={value}>{children}</ElderModeContext.Provider>;
}

export function useElderMode(): ElderModeValue {
  const value = useContext(ElderModeContext);
  if (!value) throw new Error('useElderMode must be used inside <ElderModeProvider>');
  return value;
}
