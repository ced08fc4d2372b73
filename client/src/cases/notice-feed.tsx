import { BellOutlined } from '@ant-design/icons';
import { Alert } from 'antd';
import { useCallback, useState } from 'react';
import type { NoticeShown } from '../../../src/realtime/realtime-events';
import { useI18n } from '../i18n/i18n';
import { MessageKey, zhCN } from '../i18n/messages';

const SEEN_KEY = 'onewindow.notices.seen';
/** Enough to recognise a repeat of any notice of a case or a visit. */
const SEEN_KEPT = 200;

function seenIds(): string[] {
  try {
    const ids: unknown = JSON.parse(localStorage.getItem(SEEN_KEY) ?? '[]');
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Notices pushed to a citizen's own page. The server delivers each at least once, so the page
 * shows each notice id once: a repeat, also one after a reload of the page, is dropped.
 */
export function useNotices(): { notices: NoticeShown[]; receive(n: NoticeShown): void } {
  const [notices, setNotices] = useState<NoticeShown[]>([]);
  const receive = useCallback((n: NoticeShown) => {
    const seen = seenIds();
    if (seen.includes(n.id)) return;
    localStorage.setItem(SEEN_KEY, JSON.stringify([...seen, n.id].slice(-SEEN_KEPT)));
    setNotices((list) => (list.some((x) => x.id === n.id) ? list : [n, ...list]));
  }, []);
  return { notices, receive };
}

/** The notices received while the page is open, newest first: Chinese as sent, English from the notice's parameters. */
export function NoticeFeed({ notices }: { notices: NoticeShown[] }) {
  const { t, lang } = useI18n();
  const text = (n: NoticeShown) => {
    const key = `notice.${n.kind}`;
    if (lang === 'zh-CN' || !(key in zhCN)) return n.text;
    const outcome = `notice.outcome.${n.params.outcome}`;
    return t(key as MessageKey, { ...n.params, ...(outcome in zhCN ? { decision: t(outcome as MessageKey) } : {}) });
  };
  return (
    <section className="notice-feed" aria-label={t('notice.title')} aria-live="polite">
      {notices.map((n) => (
        <Alert
          key={n.id}
          type="info"
          showIcon
          icon={<BellOutlined />}
          closable
          className="notice-feed-item"
          data-testid="notice"
          role="note"
          message={t('notice.title')}
          description={text(n)}
          style={{ marginBottom: 12 }}
        />
      ))}
    </section>
  );
}
