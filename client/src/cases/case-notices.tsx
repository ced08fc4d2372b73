import { Table, Tag, Tooltip } from 'antd';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { useLoad } from '../lib/use-load';
import { hallTime } from '../lib/hall-time';
import { CaseNotice, casesApi } from '../api/cases';

const STATUS_COLOURS: Record<CaseNotice['status'], string> = { pending: 'blue', sent: 'green', failed: 'orange', dead: 'red' };

/** The notices the applicant was sent about this case: channel, the masked phone, whether each reached them. */
export function CaseNotices({ caseId, refreshKey, timeZone }: { caseId: string; refreshKey: number; timeZone: string }) {
  const { t } = useI18n();
  const loaded = useLoad((signal) => casesApi.notices(caseId, signal), [caseId, refreshKey]);
  return (
    <Table<CaseNotice>
      size="small"
      rowKey="id"
      pagination={false}
      loading={loaded.loading && !loaded.data}
      dataSource={loaded.data ?? []}
      locale={{ emptyText: t('case.noNotices') }}
      columns={[
        { title: t('case.noticeAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => hallTime(v, timeZone) },
        {
          title: t('case.noticeText'),
          dataIndex: 'text',
          render: (text: string, n) => <Tooltip title={text}>{t(`notice.kind.${n.kind}` as MessageKey)}</Tooltip>,
        },
        {
          title: t('case.noticeTo'),
          dataIndex: 'recipient',
          render: (r: string, n) => (n.channel === 'sms' ? `${t('manager.noticeChannel.sms')} ${r}` : t('manager.noticeChannel.page')),
        },
        {
          title: t('case.noticeStatus'),
          dataIndex: 'status',
          width: 110,
          render: (s: CaseNotice['status'], n) => (
            <Tooltip title={n.lastError ?? undefined}>
              <Tag color={STATUS_COLOURS[s]}>
                {t(`notice.status.${s}`)}
                {n.attempts > 1 ? ` ×${n.attempts}` : ''}
              </Tag>
            </Tooltip>
          ),
        },
      ]}
    />
  );
}
