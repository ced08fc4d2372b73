import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { NOTICE_KINDS, NoticeKind, NoticeParams, renderNotice } from './domain/notice-kinds';

/** The Chinese text of each kind: SMS_TEMPLATES (validated at start) over the defaults. Rendered at send time. */
@Injectable()
export class NoticeTemplates {
  private readonly overrides: Partial<Record<NoticeKind, string>>;

  constructor(config: AppConfig) {
    this.overrides = config.SMS_TEMPLATES ? JSON.parse(config.SMS_TEMPLATES) : {};
  }

  templateOf(kind: NoticeKind): string {
    return this.overrides[kind] ?? NOTICE_KINDS[kind].template;
  }

  render(kind: NoticeKind, params: NoticeParams): string {
    return renderNotice(this.templateOf(kind), params);
  }
}
