import { ArrowLeftOutlined, CheckCircleFilled } from '@ant-design/icons';
import { Button, Result, Spin } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../api/http';
import { IssuedTicket, queueApi } from '../../api/queue-types';
import { WindowCategory } from '../../api/types';
import { HallClock } from '../../components/hall-clock';
import { Device, DeviceGate } from '../../device/device-gate';
import { useI18n } from '../../i18n/i18n';
import { residentIdProblem } from '../../lib/identity';
import { useLoad } from '../../lib/use-load';
import { useRealtime } from '../../realtime/realtime';
import { TicketSlip } from './ticket-slip';
import './kiosk.css';
import { categoriesApi } from '../../api/admin';

/** What the citizen sees after taking a ticket (or being refused one) before the start screen is back. */
const RETURN_AFTER_S = 10;
/** Someone who walks away halfway leaves the next person a clean start. */
const IDLE_RETURN_MS = 45_000;

/** 绿色通道: sent to the server as the reason (it is recorded with the ticket), shown in the kiosk's language. */
const GREEN_CHANNEL = [
  { reason: '老年人', label: 'kiosk.green.elderly' },
  { reason: '残疾人', label: 'kiosk.green.disabled' },
  { reason: '孕妇', label: 'kiosk.green.pregnant' },
  { reason: '军人', label: 'kiosk.green.military' },
  { reason: '携带婴幼儿', label: 'kiosk.green.infant' },
  { reason: '伤病人员', label: 'kiosk.green.ill' },
] as const;

type Step =
  | { at: 'categories' }
  | { at: 'identify'; category: WindowCategory }
  | { at: 'priority'; category: WindowCategory; idNumber?: string }
  | { at: 'issuing'; category: WindowCategory; idNumber?: string }
  | { at: 'issued'; ticket: IssuedTicket }
  | { at: 'refused'; message: string };

function Countdown({ seconds, done }: { seconds: number; done(): void }) {
  const { t } = useI18n();
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    if (left <= 0) {
      done();
      return;
    }
    const timer = setTimeout(() => setLeft(left - 1), 1000);
    return () => clearTimeout(timer);
  }, [left, done]);
  return <div className="kiosk-countdown">{t('kiosk.returning', { n: left })}</div>;
}

const KEYPAD = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'X', '0'];

/**
 * 实名取号 on a touch screen without a keyboard: a keypad for the 18 characters, the check
 * character verified as they are typed, and Next only for a number that passes.
 */
function IdKeypad({ category, next, back }: { category: WindowCategory; next(idNumber: string): void; back(): void }) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const problem = residentIdProblem(value);
  const type = (key: string) => setValue((v) => (v.length >= 18 || (key === 'X' && v.length !== 17) ? v : v + key));
  let status: string | null = null;
  if (value.length > 0 && value.length < 18) status = t('kiosk.realName.problem.length', { n: 18 - value.length });
  else if (value.length === 18 && problem) status = t(`kiosk.realName.problem.${problem}`);
  return (
    <>
      <h1 className="kiosk-title">
        <span className="kiosk-prefix">{category.prefix}</span> {t('kiosk.realName.title')}
      </h1>
      <p className="kiosk-hint">{t('kiosk.realName.hint')}</p>
      <div className={`kiosk-id${value.length === 18 && problem ? ' kiosk-id-wrong' : ''}`} data-testid="kiosk-id">
        {value || '\u00a0'}
      </div>
      <div className="kiosk-id-status" role="status">
        {status ?? '\u00a0'}
      </div>
      <div className="kiosk-keypad">
        {KEYPAD.map((key) => (
          <button key={key} type="button" className="kiosk-key" onClick={() => type(key)}>
            {key}
          </button>
        ))}
        <button type="button" className="kiosk-key kiosk-key-small" onClick={() => setValue((v) => v.slice(0, -1))}>
          {t('kiosk.realName.delete')}
        </button>
      </div>
      <button type="button" className="kiosk-normal" disabled={value.length !== 18 || problem !== null} onClick={() => next(value)}>
        {t('kiosk.realName.next')}
      </button>
      <Button size="large" className="kiosk-back" icon={<ArrowLeftOutlined />} onClick={back}>
        {t('kiosk.back')}
      </Button>
    </>
  );
}

function Kiosk({ device }: { device: Device }) {
  const { t } = useI18n();
  const credentials = { as: 'device', token: device.token } as const;
  const categories = useLoad((signal) => categoriesApi.list(device.hall.id, signal, { credentials }), [device]);
  const [waiting, setWaiting] = useState<Record<string, number>>({});
  const [step, setStep] = useState<Step>({ at: 'categories' });
  const home = useCallback(() => setStep({ at: 'categories' }), []);

  // The hall screen's own feed: waiting counts beside each category, live.
  useRealtime(
    [{ kind: 'display', hallId: device.hall.id }],
    { 'display.state': (state) => setWaiting(Object.fromEntries(state.waiting.map((w) => [w.categoryId, w.waiting]))) },
    { as: { token: device.token } },
  );

  useEffect(() => {
    if (step.at !== 'priority' && step.at !== 'identify') return;
    const timer = setTimeout(home, IDLE_RETURN_MS);
    return () => clearTimeout(timer);
  }, [step, home]);

  const issue = async (category: WindowCategory, idNumber: string | undefined, priorityReason?: string) => {
    setStep({ at: 'issuing', category, idNumber });
    try {
      const ticket = await queueApi.issue(
        device.hall.id,
        {
          categoryId: category.id,
          source: 'kiosk',
          priority: priorityReason !== undefined,
          priorityReason,
          idNumber,
        },
        credentials,
      );
      setStep({ at: 'issued', ticket });
    } catch (err) {
      setStep({ at: 'refused', message: err instanceof ApiError ? err.message : String(err) });
    }
  };

  let body;
  switch (step.at) {
    case 'categories':
      body = (
        <>
          <h1 className="kiosk-title">{t('kiosk.chooseCategory')}</h1>
          {categories.error && <Result status="error" title={categories.error.message} />}
          {!categories.data && !categories.error && <Spin size="large" />}
          <div className="kiosk-categories">
            {categories.data?.map((c) => (
              <button
                key={c.id}
                type="button"
                className="kiosk-category"
                onClick={() => setStep(c.realName ? { at: 'identify', category: c } : { at: 'priority', category: c })}
              >
                <span className="kiosk-prefix">{c.prefix}</span>
                <span className="kiosk-category-name">{c.name}</span>
                {waiting[c.id] !== undefined && <span className="kiosk-category-waiting">{t('kiosk.waiting', { n: waiting[c.id] })}</span>}
              </button>
            ))}
          </div>
          <p className="kiosk-hint">{t('kiosk.greenHint')}</p>
        </>
      );
      break;
    case 'identify': {
      const { category } = step;
      body = <IdKeypad category={category} back={home} next={(idNumber) => setStep({ at: 'priority', category, idNumber })} />;
      break;
    }
    case 'priority':
    case 'issuing': {
      const { category, idNumber } = step;
      const busy = step.at === 'issuing';
      body = (
        <>
          <h1 className="kiosk-title">
            <span className="kiosk-prefix">{category.prefix}</span> {category.name}
          </h1>
          <button type="button" className="kiosk-normal" disabled={busy} onClick={() => void issue(category, idNumber)}>
            {t('kiosk.normal')}
          </button>
          <h2 className="kiosk-subtitle">{t('kiosk.greenChannel')}</h2>
          <p className="kiosk-hint">{t('kiosk.greenExplain')}</p>
          <div className="kiosk-green">
            {GREEN_CHANNEL.map((g) => (
              <button
                key={g.reason}
                type="button"
                className="kiosk-green-option"
                disabled={busy}
                onClick={() => void issue(category, idNumber, g.reason)}
              >
                {t(g.label)}
              </button>
            ))}
          </div>
          <Button size="large" className="kiosk-back" icon={<ArrowLeftOutlined />} disabled={busy} onClick={home}>
            {t('kiosk.back')}
          </Button>
        </>
      );
      break;
    }
    case 'issued': {
      const { ticket } = step;
      body = (
        <div className="kiosk-issued">
          <CheckCircleFilled className="kiosk-issued-icon" />
          <h1 className="kiosk-title">{t('kiosk.issued')}</h1>
          <div className="kiosk-issued-number" data-testid="kiosk-number">
            {ticket.number}
          </div>
          <p className="kiosk-issued-ahead">{t('kiosk.ahead', { n: ticket.ahead })}</p>
          <p className="kiosk-hint">{t('kiosk.takeSlip')}</p>
          <Countdown seconds={RETURN_AFTER_S} done={home} />
          <Button type="primary" size="large" className="kiosk-done" onClick={home}>
            {t('kiosk.done')}
          </Button>
          <TicketSlip ticket={ticket} hall={device.hall} />
        </div>
      );
      break;
    }
    case 'refused':
      body = (
        <Result
          status="warning"
          title={t('kiosk.refused')}
          subTitle={<span className="kiosk-refusal">{step.message}</span>}
          extra={
            <>
              <Countdown seconds={RETURN_AFTER_S} done={home} />
              <Button size="large" type="primary" onClick={home}>
                {t('kiosk.back')}
              </Button>
            </>
          }
        />
      );
      break;
  }

  return (
    <div className="kiosk">
      <header className="kiosk-header">
        <span className="kiosk-hall">{device.hall.name}</span>
        <HallClock timezone={device.hall.timezone} className="kiosk-clock" deviceToken={device.token} />
      </header>
      <main className="kiosk-main">{body}</main>
    </div>
  );
}

/** The touch ticket machine at the hall's entrance. */
export function KioskPage() {
  return <DeviceGate kind="kiosk">{(device) => <Kiosk device={device} />}</DeviceGate>;
}
