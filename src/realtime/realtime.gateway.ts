import { Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, OnGatewayConnection, OnGatewayInit, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { AuthService } from '../auth/auth.service';
import { samePrincipal } from '../auth/principal';
import { AppException } from '../common/errors/app-exception';
import { ERROR_CODES } from '../common/errors/error-codes';
import { clientAddress } from '../common/http/client-address';
import { hasForbiddenText, inputProblem, inputRefusal } from '../common/http/input-guard';
import { SETTINGS_CHECK_INTERVAL_MS } from '../database/settings-revision.service';
import type {
  ClientToServerEvents,
  InterServerEvents,
  Room,
  ServerToClientEvents,
  SubscribeAck,
  SubscribeRequest,
} from './realtime-events';
import { InitialEvent, RealtimeServer, RealtimeService, SocketData } from './realtime.service';

type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData & { initial?: InitialEvent[] }>;

function connectError(code: 'UNAUTHENTICATED' | 'BAD_REQUEST'): Error {
  return Object.assign(new Error(ERROR_CODES[code].message), { data: { code } });
}

/** InitialEvent ties each name to its payload; socket.io's typing cannot follow the union. */
function sendInitial(socket: RealtimeSocket, event: InitialEvent): void {
  (socket as unknown as { emit(name: string, payload: unknown): boolean }).emit(event.name, event.payload);
}

function failure(err: unknown): SubscribeAck {
  if (err instanceof AppException)
    return { ok: false, code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) };
  return { ok: false, code: 'INTERNAL_ERROR', message: ERROR_CODES.INTERNAL_ERROR.message };
}

/**
 * The socket.io endpoint (/socket.io). The handshake carries `auth.token` (a staff or device
 * token) or, for a citizen's ticket page, `auth.accessCode`. A display device follows its hall's
 * display room from the start; everything else is asked for with `subscribe` and answered by the
 * module that owns the data.
 */
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayInit<RealtimeServer>, OnGatewayConnection<RealtimeSocket> {
  private readonly logger = new Logger('Realtime');
  private rechecking = false;
  private recheckAgain = false;

  constructor(
    private readonly auth: AuthService,
    private readonly realtime: RealtimeService,
  ) {}

  afterInit(server: RealtimeServer): void {
    server.use((socket, next) => {
      this.admit(socket).then(
        () => next(),
        (err: Error) => next(err),
      );
    });
    this.realtime.attach(server);
    this.auth.onAccessChanged(() => this.recheck(server));
  }

  /** Sends what the automatic subscriptions start from, once the client is connected and can receive it. */
  handleConnection(socket: RealtimeSocket): void {
    for (const event of socket.data.initial ?? []) {
      sendInitial(socket, event);
    }
    socket.data.initial = undefined;
  }

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() request: unknown): Promise<SubscribeAck> {
    if (!request || typeof request !== 'object') return failure(new AppException('BAD_REQUEST'));
    const problem = inputProblem(request);
    if (problem) return failure(inputRefusal(problem));
    try {
      const subscription = await this.realtime.resolve(socket.data.principal, request as SubscribeRequest, socket.data.address);
      await socket.join(subscription.room);
      if (subscription.initial) sendInitial(socket, subscription.initial);
      return { ok: true, room: subscription.room };
    } catch (err) {
      if (!(err instanceof AppException)) this.logger.error({ msg: 'subscribe failed', error: (err as Error)?.message });
      return failure(err);
    }
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() request: unknown): Promise<SubscribeAck> {
    const room = (request as { room?: unknown } | null)?.room;
    if (typeof room !== 'string' || hasForbiddenText(room)) return failure(new AppException('BAD_REQUEST'));
    await socket.leave(room);
    return { ok: true, room: room as Room };
  }

  /**
   * After accounts or device tokens changed: a socket whose token no longer grants what it was
   * admitted with (deactivated, revoked, moved to another hall or role) is cut off. Its client
   * reconnects on its own and is admitted afresh to what it may see now, or refused.
   */
  private recheck(server: RealtimeServer): void {
    if (this.rechecking) {
      this.recheckAgain = true;
      return;
    }
    this.rechecking = true;
    let failed = false;
    void (async () => {
      do {
        this.recheckAgain = false;
        for (const socket of [...server.sockets.sockets.values()]) {
          const admitted = socket.data.principal;
          if (!admitted) continue;
          let now;
          try {
            now = await this.auth.authenticate((socket.handshake.auth as { token: string }).token);
          } catch (err) {
            // The database is away: keep the socket for now and try again shortly.
            if (!failed) this.logger.warn({ msg: 'socket recheck failed', error: (err as Error).message });
            failed = true;
            continue;
          }
          // The transport, not the socket.io session: a server-side disconnect tells the client not
          // to come back, while a dropped connection is retried, and the retry is what re-admits.
          if (!now || !samePrincipal(admitted, now)) socket.conn.close();
        }
      } while (this.recheckAgain);
    })().finally(() => {
      this.rechecking = false;
      if (failed) setTimeout(() => this.recheck(server), SETTINGS_CHECK_INTERVAL_MS).unref();
    });
  }

  /** A staff token runs out while its page stays open: the socket goes with it, and its reconnect is refused. */
  private cutAtExpiry(socket: RealtimeSocket, token: string): void {
    const expiresAtMs = this.auth.staffTokenExpiry(token);
    if (expiresAtMs === null) return;
    const timer = setTimeout(() => socket.conn.close(), Math.max(0, expiresAtMs - Date.now()));
    timer.unref();
    socket.once('disconnect', () => clearTimeout(timer));
  }

  /** Runs before the connection is accepted, so the automatic rooms are joined before the first event can be missed. */
  private async admit(socket: RealtimeSocket): Promise<void> {
    // The handshake as the HTTP requests are held to (src/common/http/input-guard.ts).
    if (inputProblem(socket.handshake.auth) || inputProblem(socket.handshake.query)) throw connectError('BAD_REQUEST');
    const { token, accessCode } = (socket.handshake.auth ?? {}) as { token?: unknown; accessCode?: unknown };
    socket.data.principal = null;
    socket.data.address = clientAddress(socket.request);
    // engine.io keeps the upgrade request (headers, parser, buffers) for the connection's life; nothing reads it
    // after this line, and an instance with a thousand screens held a thousand of them (socket.io's memory advice).
    (socket.conn as unknown as { request: unknown }).request = null;
    if (token !== undefined && token !== null && token !== '') {
      if (typeof token !== 'string') throw connectError('BAD_REQUEST');
      const principal = await this.auth.authenticate(token);
      if (!principal) throw connectError('UNAUTHENTICATED');
      socket.data.principal = principal;
      this.cutAtExpiry(socket, token);
    }
    const automatic: SubscribeRequest[] = [];
    const principal = socket.data.principal;
    if (principal?.kind === 'device' && principal.role === 'display') automatic.push({ kind: 'display', hallId: principal.hallId });
    if (typeof accessCode === 'string' && accessCode) automatic.push({ kind: 'ticket', accessCode });
    socket.data.initial = [];
    for (const request of automatic) {
      let subscription;
      try {
        subscription = await this.realtime.resolve(principal, request, socket.data.address);
      } catch (err) {
        if (err instanceof AppException) throw Object.assign(new Error(err.message), { data: { code: err.code, details: err.details } });
        throw err;
      }
      await socket.join(subscription.room);
      if (subscription.initial) socket.data.initial.push(subscription.initial);
    }
  }
}
