import { Space, Timeline, Typography } from 'antd';
import { CaseEvent, WarningLevel } from '../api/cases';
import { useI18n } from '../i18n/i18n';
import { labelOr } from './case-format';
import { hallTime } from '../lib/hall-time';
import { LEVEL_COLORS, WarningTag } from './warning-level';

const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : null);

/** What an event's data adds to its move, in a few words; null when the move says it all. */
function useDetail() {
  const { t } = useI18n();
  return (e: CaseEvent, nameOf: (id: string) => string) => {
    const d = e.data;
    switch (e.move) {
      case 'warning':
        return (
          <Space size={4}>
            <WarningTag level={(d.from as WarningLevel) ?? null} />→<WarningTag level={d.to as WarningLevel} />
          </Space>
        );
      case 'advance_step':
      case 'return_step':
        return d.from && d.to ? `${text(d.from)} → ${text(d.to)}` : null;
      case 'claim':
      case 'assign':
      case 'start_review':
        return typeof d.assigneeId === 'string' ? t('case.event.assignee', { name: nameOf(d.assigneeId) }) : null;
      case 'suspend': {
        const s = d.suspension as { kind?: string; procedure?: string; expectedWorkingDays?: number } | undefined;
        if (!s) return null;
        const kind =
          s.kind === 'special_procedure'
            ? (s.procedure ?? labelOr('case.suspendKind', 'special_procedure'))
            : labelOr('case.suspendKind', s.kind ?? '');
        return t('case.event.suspension', { kind, n: s.expectedWorkingDays ?? '—' });
      }
      case 'request_extension':
      case 'extend':
        return text(d.workingDays) ? t('case.event.workingDays', { n: text(d.workingDays)! }) : null;
      case 'report':
        return text(d.reportedTo) ? t('case.event.reportedTo', { to: text(d.reportedTo)! }) : null;
      case 'deny':
        return Array.isArray(d.remedies) ? t('case.event.remedies', { remedies: d.remedies.join('、') }) : null;
      case 'mail':
        return `${text(d.carrier) ?? ''} ${text(d.trackingNumber) ?? ''}`.trim() || null;
      case 'add_file':
      case 'replace_file':
        return t('case.event.file', {
          material: text(d.material) ?? '',
          name: text(d.fileName) ?? '',
          pages: text(d.pages) ?? '—',
          version: text(d.version) ?? '1',
        });
      case 'deliver_electronically':
        return text(d.certificateNumber) ? t('case.event.certificate', { number: text(d.certificateNumber)! }) : null;
      default:
        return null;
    }
  };
}

/** The case's audit trail, oldest first: who did what, when, from which status to which, and why. */
export function CaseEvents({
  events,
  timeZone,
  nameOf,
  knownName,
}: {
  events: CaseEvent[];
  timeZone: string;
  nameOf(id: string): string;
  /** The actor's name when the user may know it; the role alone otherwise. */
  knownName(id: string): string | null;
}) {
  const { t } = useI18n();
  const detail = useDetail();
  return (
    <Timeline
      items={events.map((e) => {
        const extra = detail(e, nameOf);
        const moved = e.fromStatus && e.fromStatus !== e.toStatus;
        return {
          key: e.id,
          color:
            e.move === 'warning'
              ? LEVEL_COLORS[(e.data.to as WarningLevel) ?? 'green']
              : e.move === 'identity_check_failed'
                ? 'red'
                : 'blue',
          children: (
            <div>
              <Typography.Text strong>{labelOr('caseMove', e.move)}</Typography.Text>
              {moved && (
                <Typography.Text type="secondary">
                  {' '}
                  · {labelOr('caseStatus', e.fromStatus!)} → {labelOr('caseStatus', e.toStatus)}
                </Typography.Text>
              )}
              {extra && <div>{extra}</div>}
              {e.reason && <div className="case-event-reason">{t('case.event.reason', { reason: e.reason })}</div>}
              <div className="case-event-meta">
                {hallTime(e.at, timeZone, 'dateTimeSeconds')} · {t(`case.actorRole.${e.actorRole}`)}
                {e.actorId && knownName(e.actorId) ? ` ${knownName(e.actorId)}` : ''}
              </div>
            </div>
          ),
        };
      })}
    />
  );
}
