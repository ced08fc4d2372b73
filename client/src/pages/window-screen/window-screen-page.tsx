import { DisconnectOutlined } from '@ant-design/icons';
import { Result } from 'antd';
import { useRef, useState } from 'react';
import { useParams } from 'react-router-dom';
import { Device, DeviceGate } from '../../device/device-gate';
import { useI18n } from '../../i18n/i18n';
import { useRealtime, WindowState } from '../../realtime/realtime';
import './window-screen.css';

function WindowScreen({ device, windowId }: { device: Device; windowId: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<WindowState | null>(null);
  const shown = useRef<WindowState | null>(null);

  // The room's answer to every (re)subscription is the window as it is now.
  const { live: connected, error: refused } = useRealtime(
    [{ kind: 'window', windowId }],
    {
      'window.state': (next) => {
        if (next.window.id !== windowId || (shown.current && next.version < shown.current.version)) return;
        shown.current = next;
        setState(next);
      },
    },
    { as: { token: device.token } },
  );

  if (refused) return <Result status="error" title={refused} />;
  const current = state?.current;
  const status = state?.window.status;
  return (
    <div className={`window-screen window-screen-${current?.status ?? status ?? 'closed'}`}>
      <header className="window-screen-header">
        <span className="window-screen-number">{state ? t('windowScreen.number', { n: state.window.number }) : ''}</span>
        <span className="window-screen-name">{state?.window.name ?? device.hall.name}</span>
        {status && <span className="window-screen-status">{t(`windowScreen.status.${status}`)}</span>}
      </header>
      <main className="window-screen-body" aria-live="polite">
        {current ? (
          <>
            <div className="window-screen-ticket" data-testid="window-screen-ticket">
              {current.number}
            </div>
            <div className="window-screen-hint">{t(current.status === 'called' ? 'windowScreen.called' : 'windowScreen.serving')}</div>
          </>
        ) : (
          <div className="window-screen-idle">{status && t(`windowScreen.idle.${status}`)}</div>
        )}
      </main>
      {!connected && state && (
        <div className="window-screen-offline" role="status">
          <DisconnectOutlined /> {t('display.offline')}
        </div>
      )}
    </div>
  );
}

/** The small screen above one window; it uses a display token like the hall screen. */
export function WindowScreenPage() {
  const { windowId = '' } = useParams();
  return <DeviceGate kind="display">{(device) => <WindowScreen device={device} windowId={windowId} />}</DeviceGate>;
}
