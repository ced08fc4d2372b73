import { ClockCircleOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { WarningLevel } from '../api/cases';
import { useI18n } from '../i18n/i18n';
import { countdown, useNow } from './case-format';
import { hallTime } from '../lib/hall-time';
import './cases.css';

/** 电子监察 colours: green, amber, red and a dark "red card" that reads as worse than red also in greyscale. */
export const LEVEL_COLORS: Record<WarningLevel, string> = {
  green: '#389e0d',
  yellow: '#d48806',
  red: '#cf1322',
  red_card: '#820014',
};

export function WarningTag({ level }: { level: WarningLevel | null }) {
  const { t } = useI18n();
  if (!level) return <Tag>{t('warning.none')}</Tag>;
  return (
    <Tag className={`warning-tag warning-tag-${level}`} bordered={false}>
      {t(`warning.${level}`)}
    </Tag>
  );
}

/**
 * The due instant in the hall's zone and the time left to it. Only the time left ticks, in a
 * component of its own, so a work list or a drawer showing countdowns does not render again every second.
 */
export function DueCountdown({ dueAt, timeZone, suspended }: { dueAt: string | null; timeZone: string; suspended?: boolean }) {
  const { t } = useI18n();
  if (!dueAt) return <>—</>;
  return (
    <div className="due-countdown">
      <div>{hallTime(dueAt, timeZone)}</div>
      {suspended ? (
        <Tooltip title={t('case.clockStoppedHelp')}>
          <span className="countdown countdown-stopped">{t('case.clockStopped')}</span>
        </Tooltip>
      ) : (
        <TimeLeft dueMs={Date.parse(dueAt)} />
      )}
    </div>
  );
}

function TimeLeft({ dueMs }: { dueMs: number }) {
  const { t } = useI18n();
  const left = countdown(dueMs, useNow());
  return (
    <span className={left.overdue ? 'countdown countdown-overdue' : 'countdown'} role="timer">
      <ClockCircleOutlined /> {t(left.overdue ? 'case.overdueBy' : 'case.timeLeft', { time: left.text })}
    </span>
  );
}
