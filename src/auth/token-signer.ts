import { createHmac, timingSafeEqual } from 'node:crypto';
import type { StaffPrincipal } from './principal';

interface TokenPayload {
  sub: string;
  usr: string;
  role: StaffPrincipal['role'];
  halls: string[];
  dep: string | null;
  exp: number;
}

const VERSION = 'ow1';

/**
 * Staff bearer tokens: `ow1.<payload>.<HMAC-SHA256>`; stateless so every instance can check
 * them with the shared secret and no query.
 */
export class TokenSigner {
  constructor(private readonly secret: string) {}

  sign(principal: StaffPrincipal, ttlSeconds: number, now = Date.now()): { token: string; expiresAt: Date } {
    const exp = Math.floor(now / 1000) + ttlSeconds;
    const payload: TokenPayload = { sub: principal.id, usr: principal.username, role: principal.role, halls: principal.hallIds, dep: principal.departmentId, exp };
    const body = `${VERSION}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    return { token: `${body}.${this.mac(body)}`, expiresAt: new Date(exp * 1000) };
  }

  verify(token: string, now = Date.now()): StaffPrincipal | null {
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
    if (typeof payload.exp !== 'number' || payload.exp * 1000 <= now) return null;
    return { kind: 'user', id: payload.sub, username: payload.usr, role: payload.role, hallIds: payload.halls, departmentId: payload.dep };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}
