import { Badge, Button, Card, List, Space, Table, Tag, Typography } from 'antd';
import { Ticket, WindowQueue } from '../../api/queue-types';
import { WindowCategory } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { waitMinutes } from '../../lib/queue-format';
import type { QueuedTicket } from '../../realtime/realtime';
import { ShortcutButton } from './desk-panel';
import { DESK_SHORTCUTS } from './shortcuts';

interface QueuePanelProps {
  queue: WindowQueue;
  categories?: WindowCategory[];
  connected: boolean;
  /** Absent while the window cannot call (closed, paused, or a ticket at the desk). */
  callOutOfOrder?: (ticket: QueuedTicket) => void;
  /** Absent while a ticket is at the desk. */
  resume?: (ticket: Ticket) => void;
}

/** What waits for this window, in the order it would call, and the tickets parked here. */
export function QueuePanel({ queue, categories, connected, callOutOfOrder, resume }: QueuePanelProps) {
  const { t } = useI18n();
  const prefix = (id: string) => categories?.find((c) => c.id === id)?.prefix ?? '';
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <>
            {t('console.waitingList')} <Badge count={queue.waiting.length} showZero color="#1a5fb4" />
          </>
        }
        extra={<Badge status={connected ? 'success' : 'error'} text={t(connected ? 'console.live' : 'console.offline')} />}
        className="console-queue"
      >
        <Table<QueuedTicket>
          size="small"
          rowKey="ticketId"
          pagination={false}
          dataSource={queue.waiting}
          scroll={{ y: 360 }}
          locale={{ emptyText: t('console.nobodyWaiting') }}
          aria-label={t('console.waitingList')}
          columns={[
            {
              title: t('console.number'),
              dataIndex: 'number',
              width: 120,
              render: (number: string, r) => (
                <Space size={4}>
                  <Typography.Text strong>{number}</Typography.Text>
                  {r.priority && (
                    <Tag color="red" bordered={false}>
                      {t('console.green')}
                    </Tag>
                  )}
                  {r.targetWindowId && (
                    <Tag color="purple" bordered={false}>
                      {t('console.forThisWindow')}
                    </Tag>
                  )}
                </Space>
              ),
            },
            { title: t('console.categoryShort'), dataIndex: 'categoryId', width: 56, render: (id: string) => prefix(id) },
            {
              title: t('console.estimate'),
              dataIndex: 'estimatedWaitMs',
              render: (ms: number | null) => (ms === null ? '—' : t('queue.waitMinutes', { n: waitMinutes(ms) })),
            },
            {
              title: t('common.actions'),
              key: 'call',
              width: 76,
              render: (_, r) => (
                <Button
                  size="small"
                  disabled={!callOutOfOrder}
                  onClick={() => callOutOfOrder?.(r)}
                  aria-label={t('console.callThis', { number: r.number })}
                >
                  {t('console.call')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Card
        title={
          <>
            {t('console.held')} <Badge count={queue.held.length} showZero color="orange" />
          </>
        }
        className="console-held"
      >
        <List
          size="small"
          dataSource={queue.held}
          locale={{ emptyText: t('console.noneHeld') }}
          renderItem={(ticket, index) => (
            <List.Item
              actions={[
                index === 0 ? (
                  <ShortcutButton
                    key="resume"
                    shortcut={DESK_SHORTCUTS.resume}
                    size="small"
                    disabled={!resume}
                    onClick={() => resume?.(ticket)}
                  >
                    {t('console.resume')}
                  </ShortcutButton>
                ) : (
                  <Button key="resume" size="small" disabled={!resume} onClick={() => resume?.(ticket)}>
                    {t('console.resume')}
                  </Button>
                ),
              ]}
            >
              <Typography.Text strong>{ticket.number}</Typography.Text>
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
