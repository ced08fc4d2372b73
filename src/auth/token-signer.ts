import { createHmac, timingSafeEqual } from 'node:crypto';

interface TokenPayload {
  sub: string;
  usr: string;
  /** The account's session generation when signed; absent in tokens from before generations. */
  gen?: number;
  /** The staff_sessions row; tokens without one are refused. */
  sid?: string;
  exp: number;
}

/** What a valid token proves: who signed in, and in which of their session generations. */
export interface TokenClaim {
  userId: string;
  generation: number;
  sessionId: string | null;
  expiresAtMs: number;
}

const VERSION = 'ow1';

/**
 * Tokens already verified, kept so that a clerk's next request skips the HMAC and the decoding
 * (a few percent of a call-next's CPU). Only tokens that verified are kept, and at most this many:
 * a made-up token costs no memory, and the oldest entry goes first when full.
 */
const VERIFIED_KEPT = 5000;

/**
 * Staff bearer tokens: `ow1.<payload>.<HMAC-SHA256>`, checked by every instance with the shared
 * secret. They prove identity and name the session (which a logout ends) only: role and halls come from the account as it is now
 * (AuthService.authenticate), so a change to either needs no new sign-in.
 */
export class TokenSigner {
  private readonly verified = new Map<string, Readonly<TokenClaim>>();

  constructor(private readonly secret: string) {}

  sign(
    user: { id: string; username: string },
    generation: number,
    sessionId: string,
    ttlSeconds: number,
    now = Date.now(),
  ): { token: string; expiresAt: Date } {
    const exp = Math.floor(now / 1000) + ttlSeconds;
    const payload: TokenPayload = { sub: user.id, usr: user.username, gen: generation, sid: sessionId, exp };
    const body = `${VERSION}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    return { token: `${body}.${this.mac(body)}`, expiresAt: new Date(exp * 1000) };
  }

  verify(token: string, now = Date.now()): Readonly<TokenClaim> | null {
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAtMs > now) return known;
      this.verified.delete(token);
      return null;
    }
    const claim = this.check(token, now);
    if (claim) {
      if (this.verified.size >= VERIFIED_KEPT) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, claim);
    }
    return claim;
  }

  private check(token: string, now: number): Readonly<TokenClaim> | null {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== VERSION) return null;
    const expected = Buffer.from(this.mac(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    let payload: TokenPayload;
    try {
      payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as TokenPayload;
    } catch {
      return null;
    }
    if (typeof payload.exp !== 'number' || payload.exp * 1000 <= now || typeof payload.sub !== 'string') return null;
    return Object.freeze({
      userId: payload.sub,
      generation: payload.gen ?? 0,
      sessionId: typeof payload.sid === 'string' ? payload.sid : null,
      expiresAtMs: payload.exp * 1000,
    });
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}
