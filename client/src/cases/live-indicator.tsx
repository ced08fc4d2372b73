import { Badge, Tooltip } from 'antd';
import { useI18n } from '../i18n/i18n';
import type { LiveState } from '../realtime/realtime';
import './cases.css';

/** Whether the page is following its pushes: staff must know when what they see may be stale. */
export function LiveIndicator({ state }: { state: LiveState }) {
  const { t } = useI18n();
  const badge = (
    <Badge
      className="live-indicator"
      status={state.live ? 'success' : state.error ? 'error' : 'warning'}
      text={state.live ? t('live.on') : state.error ? t('live.refused') : t('live.connecting')}
    />
  );
  return state.error ? <Tooltip title={state.error}>{badge}</Tooltip> : badge;
}
