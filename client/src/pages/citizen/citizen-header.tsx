import { Typography } from 'antd';
import { LanguageSwitch } from '../../components/language-switch';

/** The head of a citizen's phone page: its title and the language switch. */
export function CitizenHeader({ title }: { title: string }) {
  return (
    <header className="case-page-header">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      <LanguageSwitch />
    </header>
  );
}
