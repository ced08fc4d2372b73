import { DownloadOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { StatsReport } from '../../api/stats';
import { useDownload } from '../../documents/documents';
import { useI18n } from '../../i18n/i18n';

/**
 * Downloads a report of the statistics API as CSV or Excel. The export routes need the staff
 * token, which a plain link cannot send, so the file is fetched and handed to the browser.
 */
export function ExportButton({
  report,
  query,
  label,
  path,
}: {
  report: StatsReport | 'staffing' | 'online';
  query: Record<string, string | undefined>;
  label: string;
  /** The export route under /api, when it is not the statistics report's. */
  path?: string;
}) {
  const { t } = useI18n();
  const { busy, download } = useDownload();

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'csv', label: t('manager.exportCsv') },
          { key: 'xlsx', label: t('manager.exportExcel') },
        ],
        onClick: ({ key }) => void download(path ?? `/stats/${report}/export`, { ...query, format: key }, `${report}.${key}`),
      }}
    >
      <Button size="small" icon={<DownloadOutlined />} loading={busy} aria-label={t('manager.exportOf', { report: label })}>
        {t('manager.export')}
      </Button>
    </Dropdown>
  );
}
