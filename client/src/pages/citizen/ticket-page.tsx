import { DisconnectOutlined, SyncOutlined } from '@ant-design/icons';
import { Result, Spin, Tag } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router-dom';
import { NoticeFeed, useNotices } from '../../cases/notice-feed';
import { PublicTicketView, queueApi } from '../../api/queue-types';
import { useI18n } from '../../i18n/i18n';
import { playChime, unlockAudioOnFirstTouch } from '../../lib/chime';
import { waitMinutes } from '../../lib/queue-format';
import { useLoad } from '../../lib/use-load';
import { TicketLiveView, useRealtime } from '../../realtime/realtime';
import { TicketRating } from './ticket-rating';
import './ticket-page.css';

const STATUS_COLOURS: Record<TicketLiveView['status'], string> = {
  waiting: 'blue',
  called: 'red',
  serving: 'green',
  held: 'orange',
  done: 'default',
  no_show: 'default',
  cancelled: 'default',
};

/** Tells a citizen whose phone is in a pocket: a long buzz pattern and the chime. */
function alertYourTurn() {
  navigator.vibrate?.([400, 200, 400, 200, 400]);
  void playChime();
}

function Position({ view }: { view: PublicTicketView }) {
  const { t } = useI18n();
  switch (view.status) {
    case 'waiting':
      return (
        <dl className="ticket-facts">
          <div>
            <dt>{t('myTicket.ahead')}</dt>
            <dd data-testid="ticket-ahead">{t('myTicket.people', { n: view.ahead ?? 0 })}</dd>
          </div>
          <div>
            <dt>{t('myTicket.estimate')}</dt>
            {view.estimatedWaitMs === null ? (
              <dd className="ticket-fact-note">{t('myTicket.noEstimate')}</dd>
            ) : (
              <dd>{t('queue.waitMinutes', { n: waitMinutes(view.estimatedWaitMs) })}</dd>
            )}
          </div>
        </dl>
      );
    case 'serving':
      return <p className="ticket-note">{t('myTicket.servingAt', { n: view.window?.number ?? '' })}</p>;
    default:
      return <p className="ticket-note">{t(`myTicket.note.${view.status}`)}</p>;
  }
}

/** A citizen's own ticket, opened from the QR code on the slip: live position, and the call when it comes. */
export function TicketPage() {
  const { t } = useI18n();
  const { ticketCode = '' } = useParams();
  const initial = useLoad((signal) => queueApi.live(ticketCode, signal), [ticketCode]);
  const [live, setLive] = useState<TicketLiveView | null>(null);
  const { notices, receive } = useNotices();
  useEffect(() => unlockAudioOnFirstTouch(), []);

  // The access code joins the ticket's room on connection.
  const { live: connected } = useRealtime(
    initial.data ? [] : null,
    {
      'ticket.updated': (next) => {
        setLive((before) => (before && next.version < before.version ? before : next));
        // A transfer to another category renames the queue; the page asks for the new name.
        if (initial.data && next.categoryId !== initial.data.categoryId) void initial.reload();
      },
      notice: receive,
    },
    { as: { accessCode: ticketCode } },
  );
  const view: PublicTicketView | undefined =
    initial.data && live && live.version >= initial.data.version ? { ...initial.data, ...live } : initial.data;

  const yourTurn = view?.yourTurn;
  const wasYourTurn = useRef(yourTurn);
  useEffect(() => {
    if (wasYourTurn.current === false && yourTurn) alertYourTurn();
    wasYourTurn.current = yourTurn;
  }, [yourTurn]);

  if (initial.error) {
    return (
      <div className="ticket-page">
        <Result
          status={initial.error.status === 404 ? 'warning' : 'error'}
          title={initial.error.status === 404 ? t('myTicket.notFound') : initial.error.message}
        />
      </div>
    );
  }
  if (!view) return <Spin size="large" style={{ display: 'block', margin: '30vh auto' }} />;

  return (
    <div className="ticket-page">
      {view.yourTurn && (
        <div className="ticket-your-turn" role="alert" data-testid="your-turn">
          <div className="ticket-your-turn-title">{t('myTicket.yourTurn')}</div>
          <div className="ticket-your-turn-window">{t('myTicket.goToWindow', { n: view.window?.number ?? '' })}</div>
          {view.window && <div className="ticket-your-turn-name">{view.window.name}</div>}
        </div>
      )}
      <NoticeFeed notices={notices} />
      <section className="ticket-card">
        <div className="ticket-category">{view.categoryName}</div>
        <div className="ticket-number" data-testid="ticket-number">
          {view.number}
        </div>
        <Tag color={STATUS_COLOURS[view.status]} className="ticket-status">
          {t(`queue.ticketStatus.${view.status}`)}
        </Tag>
        <Position view={view} />
      </section>
      {view.status === 'done' && <TicketRating accessCode={ticketCode} />}
      <footer className="ticket-live">
        {connected ? (
          <>
            <SyncOutlined /> {t('myTicket.live')}
          </>
        ) : (
          <>
            <DisconnectOutlined /> {t('myTicket.offline')}
          </>
        )}
      </footer>
    </div>
  );
}
