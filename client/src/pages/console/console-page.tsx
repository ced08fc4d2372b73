import { Alert, App, Button, Col, Empty, Flex, Row, Select, Spin, Tag } from 'antd';
import { useState } from 'react';
import { ApplicationResult, Ticket } from '../../api/queue-types';
import { Hall, WindowStatus } from '../../api/types';
import { useAuth } from '../../auth/auth';
import { PageHeader } from '../../components/page-header';
import { useHall } from '../../hall/hall';
import { useI18n } from '../../i18n/i18n';
import { useLoad } from '../../lib/use-load';
import { AcceptanceForm } from './acceptance-form';
import { OnlineVisitPanel } from './online-visit-panel';
import { AcceptanceResult } from './acceptance-result';
import { DeskMoves, DeskPanel } from './desk-panel';
import { QueuePanel } from './queue-panel';
import { useDeskShortcuts } from './shortcuts';
import { TransferDialog } from './transfer-dialog';
import { useWindowDesk } from './use-window-desk';
import './console.css';
import { categoriesApi, itemsApi, windowsApi } from '../../api/admin';

const STATUS_COLOURS: Record<WindowStatus, string> = { open: 'green', paused: 'orange', closed: 'default' };

function Console({ hall }: { hall: Hall }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const storageKey = `ow.console.window.${hall.id}`;
  const [windowId, setWindowIdState] = useState(() => localStorage.getItem(storageKey));
  const setWindowId = (id: string) => {
    localStorage.setItem(storageKey, id);
    setWindowIdState(id);
  };
  const windows = useLoad((signal) => windowsApi.list(hall.id, signal), [hall.id]);
  const categories = useLoad((signal) => categoriesApi.list(hall.id, signal), [hall.id]);
  const items = useLoad((signal) => itemsApi.list(hall.id, signal), [hall.id]);
  const chosen = windows.data?.find((w) => w.id === windowId && w.active) ?? null;
  const desk = useWindowDesk(hall.id, chosen?.id ?? null);
  const queue = desk.queue.data?.window.id === chosen?.id ? desk.queue.data : null;
  const current = queue?.current ?? null;
  const mine = !!queue && (queue.clerkId === null || queue.clerkId === user?.id);
  const status = queue?.window.status;

  const [transferring, setTransferring] = useState<Ticket | null>(null);
  const [noShow, setNoShow] = useState<Ticket | null>(null);
  const [accepted, setAccepted] = useState<{ ticketId: string; result: ApplicationResult } | null>(null);

  const moves: DeskMoves = {};
  if (queue && mine) {
    if (status === 'open' && !current) {
      moves.callNext = async () => {
        const called = await desk.callNext();
        if (called && !called.ticket) void message.info(t('console.nobodyWaiting'));
      };
    }
    if (current?.status === 'called') {
      moves.recall = () => void desk.move(current, 'recall');
      moves.start = () => void desk.move(current, 'start');
      moves.noShow = async () => setNoShow((await desk.move(current, 'no-show')) ?? null);
    }
    if (current?.status === 'serving') {
      moves.hold = () => void desk.move(current, 'hold');
      moves.finish = () => void desk.move(current, 'finish');
    }
    if (current) moves.transfer = () => setTransferring(current);
    if (!current && queue.held.length > 0) moves.resume = () => void desk.move(queue.held[0], 'resume');
  }
  useDeskShortcuts(moves, !transferring);

  const windowBar = (
    <Flex gap={8} align="center" wrap>
      <Select
        aria-label={t('console.window')}
        placeholder={t('console.chooseWindow')}
        value={chosen?.id}
        onChange={setWindowId}
        showSearch
        optionFilterProp="label"
        loading={windows.loading}
        style={{ minWidth: 220 }}
        options={(windows.data ?? [])
          .filter((w) => w.active)
          .sort((a, b) => a.number - b.number)
          .map((w) => ({ value: w.id, label: w.name }))}
      />
      {status && (
        <Tag color={STATUS_COLOURS[status]} data-testid="window-status">
          {t(`console.windowStatus.${status}`)}
        </Tag>
      )}
      {queue && mine && status !== 'open' && (
        <Button type="primary" onClick={() => void desk.setStatus('open')}>
          {t('console.open')}
        </Button>
      )}
      {queue && mine && status === 'open' && (
        <Button disabled={!!current} onClick={() => void desk.setStatus('pause')}>
          {t('console.pause')}
        </Button>
      )}
      {queue && mine && status !== 'closed' && (
        <Button danger disabled={!!current || queue.held.length > 0} onClick={() => void desk.setStatus('close')}>
          {t('console.close')}
        </Button>
      )}
    </Flex>
  );

  let body;
  if (!chosen) {
    body = <Empty description={t('console.chooseWindowHelp')} />;
  } else if (!queue) {
    body = <Spin size="large" style={{ display: 'block', margin: '80px auto' }} />;
  } else {
    body = (
      <Row gutter={[16, 16]} align="top">
        <Col xs={24} xl={15}>
          {!mine && <Alert type="warning" showIcon message={t('console.occupied')} style={{ marginBottom: 16 }} />}
          <DeskPanel current={current} open={status === 'open'} categories={categories.data} moves={moves} />
          {noShow && !current && (
            <Alert
              type="info"
              showIcon
              className="console-noshow"
              message={t('console.noShowDone', { number: noShow.number })}
              action={
                <Button size="small" onClick={() => void desk.move(noShow, 'requeue').then((ticket) => ticket && setNoShow(null))}>
                  {t('console.requeue')}
                </Button>
              }
            />
          )}
          {current?.status === 'serving' &&
            mine &&
            items.data &&
            categories.data &&
            (accepted?.ticketId === current.id ? (
              <AcceptanceResult result={accepted.result} again={() => setAccepted(null)} />
            ) : (
              <AcceptanceForm
                key={current.id}
                hallId={hall.id}
                ticket={current}
                items={items.data}
                categories={categories.data}
                accepted={(result) => setAccepted({ ticketId: current.id, result })}
              />
            ))}
          {current?.status === 'serving' && mine && (
            <OnlineVisitPanel key={`online-visit-${current.id}`} hallId={hall.id} ticketId={current.id} />
          )}
        </Col>
        <Col xs={24} xl={9} className="console-side">
          <QueuePanel
            queue={queue}
            categories={categories.data}
            connected={desk.connected}
            callOutOfOrder={moves.callNext && ((ticket) => void desk.move({ id: ticket.ticketId }, 'call'))}
            resume={mine && !current ? (ticket) => void desk.move(ticket, 'resume') : undefined}
          />
        </Col>
      </Row>
    );
  }

  return (
    <div className="console">
      <PageHeader title={t('page.console.title')} extra={windowBar} />
      {body}
      <TransferDialog
        ticket={transferring}
        categories={categories.data ?? []}
        windows={(windows.data ?? []).filter((w) => w.active && w.id !== chosen?.id)}
        transfer={async (target) => !!transferring && !!(await desk.move(transferring, 'transfer', target))}
        close={() => setTransferring(null)}
      />
    </div>
  );
}

/** The clerk's window: calling, serving and accepting, by keyboard or mouse. */
export function ConsolePage() {
  const { hall } = useHall();
  return <Console key={hall.id} hall={hall} />;
}
