import type { CaseChannel, PreExaminationDecision } from './case-vocabulary';

/** One 网上预审 decision: how it went and how long the case had waited for it. */
export interface PreExamDecision {
  outcome: PreExaminationDecision;
  waitedMinutes: number;
}

export interface OnlineMeasureInput {
  /** Every case of the period, by channel. */
  channels: readonly CaseChannel[];
  decisions: readonly PreExamDecision[];
  /** Trips to the hall of each accepted case of the period (0 for 全程网办). */
  visits: readonly number[];
  /** Materials satisfied by an electronic certificate of the hall (免证办), and all materials provided, of the period's cases. */
  certificateMaterials: number;
  materials: number;
}

export interface OnlineMeasures {
  cases: number;
  onlineCases: number;
  /** 网办率: online cases ÷ all cases; null with no case. */
  onlineRate: number | null;
  preExaminations: number;
  /** 预审通过率: passes ÷ pre-examination decisions; null with none. */
  preExamPassRate: number | null;
  /** Minutes from joining the 预审 list to the decision: median and the slowest; null with none. */
  preExamMedianMinutes: number | null;
  preExamMaxMinutes: number | null;
  /** 跑动次数: accepted cases that needed no visit, one, and more. */
  visits: { none: number; one: number; more: number };
  /** 免证 share: materials satisfied by a certificate ÷ all materials; null with none. */
  certificateShare: number | null;
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** The measures of the online channel (issue 20 §5), each defined here once. */
export function onlineMeasures(input: OnlineMeasureInput): OnlineMeasures {
  const onlineCases = input.channels.filter((c) => c === 'online').length;
  const waits = input.decisions.map((d) => d.waitedMinutes).sort((a, b) => a - b);
  const mid = Math.floor(waits.length / 2);
  const median = waits.length === 0 ? null : waits.length % 2 === 1 ? waits[mid] : (waits[mid - 1] + waits[mid]) / 2;
  return {
    cases: input.channels.length,
    onlineCases,
    onlineRate: ratio(onlineCases, input.channels.length),
    preExaminations: input.decisions.length,
    preExamPassRate: ratio(input.decisions.filter((d) => d.outcome === 'pass').length, input.decisions.length),
    preExamMedianMinutes: median,
    preExamMaxMinutes: waits.length === 0 ? null : waits[waits.length - 1],
    visits: {
      none: input.visits.filter((v) => v === 0).length,
      one: input.visits.filter((v) => v === 1).length,
      more: input.visits.filter((v) => v > 1).length,
    },
    certificateShare: ratio(input.certificateMaterials, input.materials),
  };
}
