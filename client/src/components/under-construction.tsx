import { ToolOutlined } from '@ant-design/icons';
import { Result } from 'antd';
import { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

/** Stands in for a page whose task has not landed yet: says what the page will do. */
export function UnderConstruction({ title, description, extra }: { title: string; description: string; extra?: ReactNode }) {
  const { t } = useI18n();
  return (
    <Result
      icon={<ToolOutlined />}
      title={title}
      subTitle={
        <>
          {description}
          <br />
          {t('common.underConstruction')}
        </>
      }
      extra={extra}
    />
  );
}
