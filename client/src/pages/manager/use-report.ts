import { StatsReport, statsApi } from '../../api/stats';
import { useLoad } from '../../lib/use-load';

/** A statistics report for the dashboard's period, read again when the period or `refreshKey` changes. */
export function useReport<T>(report: StatsReport | 'notices', query: Record<string, string | undefined>, refreshKey: number) {
  return useLoad((signal) => statsApi.report<T>(report, query, signal), [report, JSON.stringify(query), refreshKey]);
}
