import { TokenSigner } from './token-signer';

const user = { id: 'u1', username: 'clerk1' };
const NOW = Date.UTC(2026, 11, 7, 9);

describe('TokenSigner', () => {
  const signer = new TokenSigner('a secret long enough for the spec');

  it('gives back who signed in, also when asked again for the same token', () => {
    const { token } = signer.sign(user, 3, 's1', 60, NOW);
    const claim = { userId: 'u1', generation: 3, sessionId: 's1', expiresAtMs: NOW + 60_000 };
    expect(signer.verify(token, NOW)).toEqual(claim);
    expect(signer.verify(token, NOW + 1000)).toEqual(claim);
  });

  it('refuses a token once it has run out, also one it verified before', () => {
    const { token } = signer.sign(user, 0, 's2', 60, NOW);
    expect(signer.verify(token, NOW + 59_000)).not.toBeNull();
    expect(signer.verify(token, NOW + 60_000)).toBeNull();
    expect(signer.verify(token, NOW + 61_000)).toBeNull();
  });

  it('refuses a token with a changed payload or signature, and one signed with another secret', () => {
    const { token } = signer.sign(user, 0, 's3', 60, NOW);
    expect(signer.verify(token, NOW)).not.toBeNull();
    const [version, payload, mac] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'u2', usr: 'other', gen: 0, sid: 's3', exp: NOW / 1000 + 60 })).toString('base64url');
    expect(signer.verify(`${version}.${forged}.${mac}`, NOW)).toBeNull();
    expect(signer.verify(`${version}.${payload}.${mac.slice(0, -2)}AA`, NOW)).toBeNull();
    expect(new TokenSigner('another secret entirely').verify(token, NOW)).toBeNull();
  });
});
