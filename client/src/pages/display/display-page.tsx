import { DisconnectOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { hallTime } from '../../lib/hall-time';
import { HallClock } from '../../components/hall-clock';
import { Device, DeviceGate } from '../../device/device-gate';
import { useI18n } from '../../i18n/i18n';
import { useStageScale } from '../../lib/use-stage-scale';
import type { DisplayState, DisplayWindow } from '../../realtime/realtime';
import { Announcer } from './announcer';
import { callingNow, recentTickets } from './display-board';
import { useDisplayBoard } from './use-display-board';
import './display.css';

const RECENT_LINES = 7;

function WindowCard({ window }: { window: DisplayWindow }) {
  const { t } = useI18n();
  const status = window.current
    ? t(window.current.status === 'called' ? 'display.windowCalling' : 'display.windowServing')
    : t(`display.window.${window.status}`);
  return (
    <div className={`display-window display-window-${window.current?.status ?? window.status}`}>
      <div className="display-window-name">{window.name}</div>
      <div className="display-window-number">{window.current?.number ?? '—'}</div>
      <div className="display-window-status">{status}</div>
    </div>
  );
}

function Board({
  state,
  hallName,
  timezone,
  deviceToken,
}: {
  state: DisplayState;
  hallName: string;
  timezone: string;
  deviceToken: string;
}) {
  const { t } = useI18n();
  const calling = callingNow(state);
  return (
    <>
      <header className="display-header">
        <div className="display-hall">{hallName}</div>
        <HallClock timezone={timezone} className="display-clock" deviceToken={deviceToken} />
      </header>
      <div className="display-body">
        <section className="display-call" aria-live="assertive" aria-label={t('display.calling')}>
          <div className="display-section-title">{t('display.calling')}</div>
          {calling ? (
            // Keyed by the call, so each new call (and each recall) flashes again.
            <div key={calling.eventId} className="display-call-text">
              <span data-testid="display-call">
                {t('display.callPrefix')}
                <em>{calling.number}</em>
                {t('display.callMiddle')}
                <em>{calling.windowNumber}</em>
                {t('display.callSuffix')}
              </span>
            </div>
          ) : (
            <div className="display-call-idle">
              <span data-testid="display-call">{t('display.idle')}</span>
            </div>
          )}
          {calling && <div className="display-call-window">{calling.windowName}</div>}
        </section>
        <aside className="display-side">
          <section className="display-recent">
            <div className="display-section-title">{t('display.recent')}</div>
            <table>
              <tbody>
                {recentTickets(state, RECENT_LINES).map((c) => (
                  <tr key={c.eventId}>
                    <td className="display-recent-number">{c.number}</td>
                    <td>{t('display.toWindow', { n: c.windowNumber })}</td>
                    <td className="display-recent-time">{hallTime(c.at, timezone, 'clockMinutes')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="display-waiting">
            <div className="display-section-title">{t('display.waiting')}</div>
            {state.waiting.map((w) => (
              <div key={w.categoryId} className="display-waiting-row">
                <span className="display-prefix">{w.prefix}</span>
                <span className="display-waiting-name">{w.name}</span>
                <span className="display-waiting-count">{t('display.people', { n: w.waiting })}</span>
              </div>
            ))}
          </section>
        </aside>
        <section className="display-windows">
          {state.windows.map((w) => (
            <WindowCard key={w.id} window={w} />
          ))}
        </section>
      </div>
      <footer className="display-notice">
        {/* Twice, so that the second copy follows the first without a gap and the loop never jumps. */}
        <div className="display-notice-track">
          <span>{t('display.notice')}</span>
          <span aria-hidden="true">{t('display.notice')}</span>
        </div>
      </footer>
    </>
  );
}

function HallDisplay({ device }: { device: Device }) {
  const { t } = useI18n();
  const [announcer] = useState(() => new Announcer());
  const { state, connected, refusal } = useDisplayBoard(device, (call) => announcer.announce(call.voiceText));
  const scale = useStageScale(1920, 1080);
  const [everConnected, setEverConnected] = useState(false);
  useEffect(() => {
    if (connected) setEverConnected(true);
  }, [connected]);

  return (
    <div className="display-viewport">
      <div className="display-stage" style={{ transform: `scale(${scale})` }}>
        {state ? (
          <Board state={state} hallName={device.hall.name} timezone={device.hall.timezone} deviceToken={device.token} />
        ) : (
          <div className="display-loading">{device.hall.name}</div>
        )}
      </div>
      {!connected && (everConnected || refusal) && (
        <div className="display-offline" role="status">
          <DisconnectOutlined /> {refusal === 'UNAUTHENTICATED' ? t('device.invalidToken') : t('display.offline')}
        </div>
      )}
    </div>
  );
}

/** The hall's big screen, laid out for 1920×1080 and scaled to whatever screen it runs on. */
export function DisplayPage() {
  return <DeviceGate kind="display">{(device) => <HallDisplay device={device} />}</DeviceGate>;
}
