import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the stand-in does with the next request: answer, fail, or take the message and answer too late. */
export type GatewayBehaviour = 'ok' | 'fail500' | 'reject400' | 'slow';

export interface GatewayRequest {
  key: string;
  at: number;
  body: { id: string; to: string; text: string; template: string; params: Record<string, string> };
  signatureValid: boolean;
  status: number;
}

/**
 * A stand-in HTTP SMS gateway on loopback, as a real one behaves: it checks the HMAC signature,
 * sends each idempotency key's SMS once (a repeat is answered 200 without sending again), and can
 * be told to fail (500), refuse (400) or answer only after the client gave up ('slow': the SMS
 * goes out, the answer is late).
 */
export class StandInSmsGateway {
  readonly requests: GatewayRequest[] = [];
  /** Idempotency key → the SMS sent for it (once each). */
  readonly sent = new Map<string, GatewayRequest['body']>();
  /** Behaviour of the next requests, in order; when empty, `otherwise`. */
  script: GatewayBehaviour[] = [];
  otherwise: GatewayBehaviour = 'ok';
  /** Per idempotency key, a behaviour that overrides the script (e.g. one notice always failing). */
  readonly byKey = new Map<string, GatewayBehaviour>();
  private server: Server | null = null;
  private readonly pending = new Set<ServerResponse>();

  constructor(
    private readonly secret: string,
    private readonly slowMs = 1500,
  ) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/sms/send`;
  }

  async stop(): Promise<void> {
    for (const res of this.pending) res.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  requestsFor(key: string): GatewayRequest[] {
    return this.requests.filter((r) => r.key === key);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const key = String(req.headers['idempotency-key'] ?? '');
    const expected = createHmac('sha256', this.secret).update(`${req.headers['x-timestamp']}.${raw}`).digest();
    const given = Buffer.from(String(req.headers['x-signature'] ?? ''), 'hex');
    const signatureValid = given.length === expected.length && timingSafeEqual(given, expected);
    const behaviour = this.byKey.get(key) ?? this.script.shift() ?? this.otherwise;
    const status = !signatureValid ? 401 : behaviour === 'fail500' ? 500 : behaviour === 'reject400' ? 400 : 200;
    const body = JSON.parse(raw);
    this.requests.push({ key, at: Date.now(), body, signatureValid, status });
    if (status === 200 && !this.sent.has(key)) this.sent.set(key, body);
    const answer = () => {
      this.pending.delete(res);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: status === 200 }));
    };
    if (behaviour === 'slow') {
      this.pending.add(res);
      setTimeout(answer, this.slowMs);
    } else {
      answer();
    }
  }
}
