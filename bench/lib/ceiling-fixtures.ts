/** What the ceiling server and the bench's client agree on: the secret that signs clerk tokens, a kiosk token and a hall. */
export const CEILING_SECRET = 'ceiling-bench-secret-of-at-least-32-characters';
export const CEILING_KIOSK_TOKEN = 'owd_ceiling-bench-kiosk-token';
export const CEILING_HALL_ID = '6f1c2f5e-8d4b-4c1e-9a57-3b2d1e0f4a61';
