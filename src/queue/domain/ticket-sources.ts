// A plain constant without the entity's decorators, so the web client can import it too.
export const TICKET_SOURCES = ['kiosk', 'phone', 'appointment', 'walk_in'] as const;
export type TicketSource = (typeof TICKET_SOURCES)[number];
