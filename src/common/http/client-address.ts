import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

/**
 * Proxies whose X-Forwarded-For is believed: only a proxy on this machine (the nginx in front of
 * the instances). Anything further away could write any address it likes into the header.
 */
export const TRUSTED_PROXIES = 'loopback';

const trusted = proxyAddr.compile(TRUSTED_PROXIES);

/**
 * The citizen's address as fastify's `req.ip` works it out (its trustProxy is TRUSTED_PROXIES), for
 * requests that do not pass through fastify (a socket.io handshake): per-address limits must count
 * both channels alike.
 */
export function clientAddress(request: IncomingMessage): string {
  return proxyAddr(request, trusted);
}
