import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Dropdown } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/http';
import { StatsReport } from '../../api/stats';
import { staffToken } from '../../auth/auth';
import { useI18n } from '../../i18n/i18n';

type Format = 'csv' | 'xlsx';

/** The file name the server gives (Content-Disposition, RFC 5987 filename* first), else a plain one. */
function fileNameOf(res: Response, fallback: string): string {
  const header = res.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (encoded) return decodeURIComponent(encoded);
  return /filename="?([^";]+)"?/i.exec(header)?.[1] ?? fallback;
}

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
  /** The export route, when it is not the statistics report's. */
  path?: string;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  const download = async (format: Format) => {
    setBusy(true);
    try {
      const url = new URL(path ?? `/api/stats/${report}/export`, window.location.origin);
      for (const [k, v] of Object.entries({ ...query, format })) if (v !== undefined) url.searchParams.set(k, v);
      const token = staffToken();
      const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { code?: string; message?: string } | null;
        throw new ApiError(
          res.status,
          body?.code ?? 'UNEXPECTED_RESPONSE',
          body?.message ?? t('common.serverError', { status: res.status }),
        );
      }
      const link = document.createElement('a');
      link.href = URL.createObjectURL(await res.blob());
      link.download = fileNameOf(res, `${report}.${format}`);
      link.click();
      // Revoked once the browser has taken the file over.
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
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
