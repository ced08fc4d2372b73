/**
 * 通知送达 (issue 20 §5 "notices delivered / failed"), defined once here:
 * - delivered: notices of the hall whose channel took them (status sent), counted on the hall's
 *   local day their last attempt ended;
 * - failed: notices given up (status dead: attempts spent, or refused for good), counted likewise;
 * - deliveryRate = delivered ÷ (delivered + failed), null when both are 0;
 * - retried: delivered notices that needed more than one attempt;
 * - outstanding: notices still to deliver now (pending, or failed and waiting for a retry), whatever their day.
 * Each notice is one row per channel, so an SMS and its page notice count once each, per channel.
 */
export interface NoticeCountRow {
  day: string;
  channel: string;
  delivered: number;
  failed: number;
  retried: number;
}

export interface NoticeMeasureGroup {
  key: string;
  delivered: number;
  failed: number;
  retried: number;
  deliveryRate: number | null;
}

function group(key: string, rows: readonly NoticeCountRow[]): NoticeMeasureGroup {
  const delivered = rows.reduce((s, r) => s + r.delivered, 0);
  const failed = rows.reduce((s, r) => s + r.failed, 0);
  const retried = rows.reduce((s, r) => s + r.retried, 0);
  return { key, delivered, failed, retried, deliveryRate: delivered + failed === 0 ? null : delivered / (delivered + failed) };
}

export interface NoticeMeasures {
  total: NoticeMeasureGroup;
  channels: (NoticeMeasureGroup & { days: NoticeMeasureGroup[] })[];
}

/** What GET /api/stats/notices answers (NoticeMeasuresDto), as the client reads it. */
export interface NoticeMeasuresReport extends NoticeMeasures {
  hallId: string;
  from: string;
  to: string;
  outstanding: { channel: string; count: number }[];
}

/** Per channel (each also per day, oldest first) and the total over all channels. */
export function noticeMeasures(rows: readonly NoticeCountRow[]): NoticeMeasures {
  const channels = [...new Set(rows.map((r) => r.channel))].sort();
  return {
    total: group('all', rows),
    channels: channels.map((channel) => {
      const own = rows.filter((r) => r.channel === channel);
      const days = [...new Set(own.map((r) => r.day))].sort();
      return {
        ...group(channel, own),
        days: days.map((day) =>
          group(
            day,
            own.filter((r) => r.day === day),
          ),
        ),
      };
    }),
  };
}
