import { Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { maskPhone } from '../../common/identity/masking';
import { CasesService } from '../../cases/cases.service';
import { AppConfig } from '../../config/app-config';
import { mobileNumber } from '../domain/mobile-number';
import { DeliveryError, NoticeSender, OutgoingNotice } from './notice-channel';

const MOBILE_IN_TEXT = /1[3-9]\d{9}/g;

/**
 * An HTTP SMS gateway (SMS_GATEWAY_*): one JSON POST per notice carrying the outbox row's id as
 * `Idempotency-Key`, so a notice sent again after a crash or a lost answer is one SMS at a gateway
 * that de-duplicates by key. The phone is read from the case at send time and never logged.
 */
@Injectable()
export class SmsChannel implements NoticeSender {
  readonly channel = 'sms' as const;

  constructor(
    private readonly config: AppConfig,
    private readonly cases: CasesService,
  ) {}

  get enabled(): boolean {
    return this.config.SMS_GATEWAY_URL !== undefined;
  }

  async send(n: OutgoingNotice): Promise<void> {
    const url = this.config.SMS_GATEWAY_URL;
    if (!url) throw new DeliveryError('SMS gateway not configured', true);
    const to = n.caseId ? mobileNumber(await this.cases.applicantPhone(n.caseId)) : null;
    if (!to) throw new DeliveryError('no mobile number for this notice', true);
    const body = JSON.stringify({ id: n.id, to, text: n.text, template: n.kind, params: n.params });
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': n.id, ...this.credentials(body) },
        body,
        signal: AbortSignal.timeout(this.config.SMS_GATEWAY_TIMEOUT_MS),
      });
    } catch (err) {
      const e = err as Error;
      throw new DeliveryError(
        e.name === 'TimeoutError' ? `timeout after ${this.config.SMS_GATEWAY_TIMEOUT_MS} ms` : `${e.message} ${causeOf(e)}`.trim(),
      );
    }
    const answer = (await res.text().catch(() => '')).slice(0, 200).replace(MOBILE_IN_TEXT, maskPhone);
    // 409: the gateway already has this key, i.e. the SMS went out on an earlier attempt.
    if (res.ok || res.status === 409) return;
    const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
    throw new DeliveryError(`HTTP ${res.status} ${answer}`.trim(), permanent);
  }

  private credentials(body: string): Record<string, string> {
    const secret = this.config.SMS_GATEWAY_SECRET ?? '';
    switch (this.config.SMS_GATEWAY_AUTH) {
      case 'bearer':
        return { authorization: `Bearer ${secret}` };
      case 'hmac': {
        const timestamp = String(Date.now());
        return { 'x-timestamp': timestamp, 'x-signature': createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex') };
      }
      case 'none':
        return {};
    }
  }
}

function causeOf(err: Error): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? '';
}
