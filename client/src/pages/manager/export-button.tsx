import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Dropdown } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/http';
import { StatsReport } from '../../api/stats';
import { downloadFile } from '../../documents/documents';
import { useI18n } from '../../i18n/i18n';

type Format = 'csv' | 'xlsx';

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
  report: StatsReport | 'staffing';
  query: Record<string, string | undefined>;
  label: string;
  /** The export route under /api, when it is not the statistics report's. */
  path?: string;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  const download = async (format: Format) => {
    setBusy(true);
    try {
      await downloadFile(path ?? `/stats/${report}/export`, { ...query, format }, `${report}.${format}`);
    } catch (err) {
      void message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'csv', label: t('manager.exportCsv') },
          { key: 'xlsx', label: t('manager.exportExcel') },
        ],
        onClick: ({ key }) => void download(key as Format),
      }}
    >
      <Button size="small" icon={<DownloadOutlined />} loading={busy} aria-label={t('manager.exportOf', { report: label })}>
        {t('manager.export')}
      </Button>
    </Dropdown>
  );
}
