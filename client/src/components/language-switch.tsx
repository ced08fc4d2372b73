import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useI18n } from '../i18n/i18n';

export function LanguageSwitch({ className }: { className?: string }) {
  const { lang, setLang, t } = useI18n();
  return (
    <Button
      type="text"
      className={className}
      icon={<GlobalOutlined />}
      aria-label={t('lang.switchToAria')}
      lang={lang === 'en' ? 'zh-CN' : 'en'}
      onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
    >
      {t('lang.switchTo')}
    </Button>
  );
}
