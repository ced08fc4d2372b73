import { Button, Card, Descriptions, Empty, Flex, Tag, Typography } from 'antd';
import { ReactNode } from 'react';
import { Ticket } from '../../api/queue-types';
import { WindowCategory } from '../../api/types';
import { useHall } from '../../hall/hall';
import { useI18n } from '../../i18n/i18n';
import { MessageKey } from '../../i18n/messages';
import { hallTime } from '../../lib/hall-time';
import { DESK_SHORTCUTS, DeskMove } from './shortcuts';

/** Only the moves possible now; the others are shown disabled and their keys do nothing. */
export type DeskMoves = Partial<Record<DeskMove, () => void>>;

const ORDER: { move: DeskMove; label: MessageKey; primary?: boolean; danger?: boolean }[] = [
  { move: 'callNext', label: 'console.callNext', primary: true },
  { move: 'recall', label: 'console.recall' },
  { move: 'start', label: 'console.start', primary: true },
  { move: 'noShow', label: 'console.noShow', danger: true },
  { move: 'hold', label: 'console.hold' },
  { move: 'resume', label: 'console.resume' },
  { move: 'finish', label: 'console.finish', primary: true },
  { move: 'transfer', label: 'console.transfer' },
];

/** A button that names its key, and tells assistive technology about it. */
export function ShortcutButton({ shortcut, children, ...props }: { shortcut: string; children: ReactNode } & Parameters<typeof Button>[0]) {
  return (
    <Button {...props} aria-keyshortcuts={shortcut}>
      <kbd className="console-key">{shortcut}</kbd>
      {children}
    </Button>
  );
}

export function categoryLabel(categories: WindowCategory[] | undefined, id: string): string {
  const c = categories?.find((x) => x.id === id);
  return c ? `${c.prefix} ${c.name}` : '';
}

/** The ticket at the window now, and every move of the desk with its key. */
export function DeskPanel({
  current,
  open,
  categories,
  moves,
}: {
  current: Ticket | null;
  /** The window is open: it can call. */
  open: boolean;
  categories?: WindowCategory[];
  moves: DeskMoves;
}) {
  const { t } = useI18n();
  const { hall } = useHall();
  const time = (iso: string | null) => hallTime(iso, hall.timezone, 'clock');
  return (
    <Card className="console-desk" title={t('console.current')}>
      {current ? (
        <Flex gap={32} align="center" wrap>
          <div className="console-current">
            <div className="console-current-number" data-testid="console-current">
              {current.number}
            </div>
            <Tag color={current.status === 'called' ? 'gold' : 'green'}>{t(`queue.ticketStatus.${current.status}`)}</Tag>
            {current.priority && <Tag color="red">{t('console.priority', { reason: current.priorityReason ?? '' })}</Tag>}
          </div>
          <Descriptions size="small" column={2} className="console-current-facts">
            <Descriptions.Item label={t('console.category')}>{categoryLabel(categories, current.categoryId)}</Descriptions.Item>
            <Descriptions.Item label={t('console.issuedAt')}>{time(current.issuedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('console.calledAt')}>{time(current.calledAt)}</Descriptions.Item>
            <Descriptions.Item label={t('console.recalls')}>{current.recallCount}</Descriptions.Item>
            {current.startedAt && <Descriptions.Item label={t('console.startedAt')}>{time(current.startedAt)}</Descriptions.Item>}
          </Descriptions>
        </Flex>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(open ? 'console.noCurrent' : 'console.notOpen')} />
      )}
      <div className="console-moves" role="toolbar" aria-label={t('console.moves')}>
        {ORDER.map(({ move, label, primary, danger }) => (
          <ShortcutButton
            key={move}
            shortcut={DESK_SHORTCUTS[move]}
            size="large"
            type={primary ? 'primary' : 'default'}
            danger={danger}
            disabled={!moves[move]}
            onClick={() => moves[move]?.()}
          >
            {t(label)}
          </ShortcutButton>
        ))}
      </div>
      <Typography.Paragraph type="secondary" className="console-keys-hint">
        {t('console.keysHint')}
      </Typography.Paragraph>
    </Card>
  );
}
