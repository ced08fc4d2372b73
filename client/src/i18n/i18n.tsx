import { App as AntApp, ConfigProvider, theme as antTheme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { en, MessageKey, Messages, zhCN } from './messages';

export type Lang = 'zh-CN' | 'en';

const STORAGE_KEY = 'ow.lang';
const DICTIONARIES: Record<Lang, Messages> = { 'zh-CN': zhCN, en };

function storedLang(): Lang {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
}

// Code outside React (the API client's network error) needs the language too.
let currentLang: Lang = storedLang();

export type Vars = Record<string, string | number>;

export function translate(key: MessageKey, vars?: Vars, lang: Lang = currentLang): string {
  const text = DICTIONARIES[lang][key];
  return vars ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`)) : text;
}

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, vars?: Vars): string;
}

const I18nContext = createContext<I18n | null>(null);

/** Language state, antd's locale and the hall's look: everything visual that wraps the whole app. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(currentLang);
  const setLang = useCallback((next: Lang) => {
    currentLang = next;
    localStorage.setItem(STORAGE_KEY, next);
    setLangState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
    dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  }, [lang]);
  const value = useMemo<I18n>(() => ({ lang, setLang, t: (key, vars) => translate(key, vars, lang) }), [lang, setLang]);
  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider
        locale={lang === 'en' ? enUS : zhCNLocale}
        theme={{
          algorithm: antTheme.defaultAlgorithm,
          components: {
            Layout: { headerBg: '#0e3f7e' },
            Menu: { darkItemBg: '#0e3f7e', darkItemSelectedBg: '#1a5fb4', darkItemColor: 'rgba(255,255,255,0.8)' },
          },
          token: {
            colorPrimary: '#1a5fb4',
            borderRadius: 4,
            fontFamily:
              "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif",
          },
        }}
      >
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
