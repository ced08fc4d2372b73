// Plain constants without the entity's decorators, so the web client can import them too.
export const WINDOW_KINDS = ['comprehensive', 'pickup', 'consultation'] as const;
export type WindowKind = (typeof WINDOW_KINDS)[number];
export const WINDOW_STATUSES = ['open', 'paused', 'closed'] as const;
export type WindowStatus = (typeof WINDOW_STATUSES)[number];
