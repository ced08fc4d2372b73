/**
 * Notices to the applicant (DOMAIN.md "Materials, the online channel and notices"): what each
 * kind is about, the placeholders its template may use and the default Chinese text. A new kind
 * (e.g. 预审 refused, or 补正 of an online case) is one entry here plus the domain-event handler
 * that writes it (notice-writer.service.ts); the outbox, the worker and the channels need nothing.
 */

export const NOTICE_CHANNELS = ['page', 'sms'] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];

export const NOTICE_STATUSES = ['pending', 'sent', 'failed', 'dead'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

export interface NoticeKindSpec {
  /** What the notice is about: its live page is the room of that case or ticket. */
  readonly subject: 'case' | 'ticket';
  /** The placeholders an override of the template may use: those of the default template. */
  readonly placeholders: readonly string[];
  readonly template: string;
}

/** The default templates of the notices about a case, by kind. */
const CASE_NOTICES = {
  correction_requested: '您申请的「{itemName}」（办件编号 {caseNumber}）需要补正，请一次性补齐以下材料：{materials}。',
  accepted: '您申请的「{itemName}」已受理，办件编号 {caseNumber}，承诺于 {dueDate} 前办结。',
  concluded: '您申请的「{itemName}」（办件编号 {caseNumber}）已办结，结果：{decision}。',
  result_ready:
    '您申请的「{itemName}」（办件编号 {caseNumber}）的办理结果可以领取了，取件码 {pickupCode}，请携带身份证件到统一出件窗口领取。',
  mailed: '您申请的「{itemName}」（办件编号 {caseNumber}）的办理结果已由{carrier}寄出，运单号 {trackingNumber}。',
  pre_exam_refused: '您在网上申请的「{itemName}」（办件编号 {caseNumber}）经预审不予受理，原因：{reason}。',
};

/** …and about a ticket. */
const TICKET_NOTICES = {
  ticket_approaching: '您的排队号 {number} 即将被叫到（前面还有 {ahead} 位），请留意大厅叫号屏。',
};

export type NoticeKind = keyof typeof CASE_NOTICES | keyof typeof TICKET_NOTICES;

const PLACEHOLDER = /\{([A-Za-z]\w*)\}/g;

/** Placeholders a template uses, in order of first use. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

function kindsOf<K extends string>(subject: NoticeKindSpec['subject'], templates: Record<K, string>): Record<K, NoticeKindSpec> {
  const entries = Object.entries<string>(templates).map(([kind, template]) => [
    kind,
    { subject, placeholders: placeholdersOf(template), template },
  ]);
  return Object.fromEntries(entries) as Record<K, NoticeKindSpec>;
}

export const NOTICE_KINDS = { ...kindsOf('case', CASE_NOTICES), ...kindsOf('ticket', TICKET_NOTICES) };

export const NOTICE_KIND_NAMES = Object.keys(NOTICE_KINDS) as NoticeKind[];

export type NoticeParams = Record<string, string>;

/** Problems with a set of template overrides (kind → text); empty when every one is usable. */
export function templateProblems(overrides: unknown): string[] {
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) return ['须为 JSON 对象：通知类型 → 模板'];
  const problems: string[] = [];
  for (const [kind, template] of Object.entries(overrides)) {
    if (!(kind in NOTICE_KINDS)) {
      problems.push(`未知的通知类型 ${kind}（可用：${NOTICE_KIND_NAMES.join('、')}）`);
      continue;
    }
    if (typeof template !== 'string' || template.trim() === '' || template.length > 500) {
      problems.push(`${kind} 的模板须为 1–500 个字符`);
      continue;
    }
    const allowed: readonly string[] = NOTICE_KINDS[kind as NoticeKind].placeholders;
    const unknown = placeholdersOf(template).filter((p) => !allowed.includes(p));
    if (unknown.length > 0)
      problems.push(
        `${kind} 的模板用了未知占位符 ${unknown.map((p) => `{${p}}`).join('、')}（可用：${allowed.map((p) => `{${p}}`).join('、')}）`,
      );
  }
  return problems;
}

/** The text of a notice: each {placeholder} replaced by its parameter (a missing one by nothing). */
export function renderNotice(template: string, params: NoticeParams): string {
  return template.replace(PLACEHOLDER, (_m, name: string) => params[name] ?? '');
}
