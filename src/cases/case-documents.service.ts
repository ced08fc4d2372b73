import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { StaffPrincipal } from '../auth/principal';
import { formatInstant } from '../common/time/iso-time';
import { AppException } from '../common/errors/app-exception';
import { documentCsp } from '../common/http/security-headers';
import { AppConfig } from '../config/app-config';
import type { Hall } from '../halls/entities/hall.entity';
import { HallsService } from '../halls/halls.service';
import { PiiVault } from '../pii/pii-vault.service';
import { Clock } from '../common/time/clock';
import { CaseFilesService } from './case-files.service';
import { openApplicant } from './applicant-identity';
import { CasesService } from './cases.service';
import type { Case } from './entities/case.entity';
import { CaseObligation } from './entities/case-obligation.entity';

export const DOCUMENT_KINDS = ['acceptance-notice', 'correction-notice', 'refusal-notice', 'pickup-slip'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

const TITLES: Record<DocumentKind, string> = {
  'acceptance-notice': '受理通知书',
  'correction-notice': '一次性告知书',
  'refusal-notice': '不予受理通知书',
  'pickup-slip': '取件凭条',
};

const AFTER_RESULT = ['ready_for_pickup', 'picked_up', 'mailed', 'delivered'];

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** 2026年3月2日 17:30 in the hall's zone, as a notice prints it. */
function chineseDateTime(at: Date, timezone: string, withTime = true): string {
  const [date, time] = formatInstant(at.getTime(), timezone).split('T');
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日${withTime ? ` ${time.slice(0, 5)}` : ''}`;
}

const STYLE = `
  @page { size: A4; margin: 20mm 18mm; }
  * { box-sizing: border-box; }
  body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 12pt; line-height: 1.8; color: #000; margin: 0; }
  @media screen { body { width: 210mm; min-height: 297mm; margin: 0 auto; padding: 20mm 18mm; background: #fff; } }
  header { display: flex; justify-content: space-between; align-items: flex-start; border-bottom: 1px solid #000; padding-bottom: 4mm; }
  header .hall { font-size: 14pt; font-weight: bold; }
  header .number { font-family: monospace; font-size: 11pt; }
  h1 { text-align: center; font-size: 22pt; letter-spacing: 0.4em; margin: 10mm 0 8mm; }
  table { width: 100%; border-collapse: collapse; margin: 4mm 0; }
  th, td { border: 1px solid #000; padding: 2mm 3mm; text-align: left; vertical-align: top; }
  th { width: 32mm; font-weight: normal; background: #f2f2f2; }
  table.materials th { width: auto; }
  ol { margin: 2mm 0 2mm 6mm; }
  .qr { float: right; width: 36mm; text-align: center; font-size: 9pt; margin: 0 0 4mm 6mm; }
  .qr svg { width: 32mm; height: 32mm; }
  .code { font-family: monospace; font-size: 16pt; letter-spacing: 0.2em; }
  footer { margin-top: 16mm; text-align: right; }
`;

/** The notice's own Content-Security-Policy: its style by hash, its QR code inline SVG, nothing else. */
export const DOCUMENT_CSP = documentCsp(STYLE);

/**
 * The notices the hall prints for the applicant, as print-ready A4 HTML: the hall's name, the
 * case number and a QR code to the citizen's case page. Identity numbers are printed masked.
 */
@Injectable()
export class CaseDocumentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly halls: HallsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly files: CaseFilesService,
    private readonly vault: PiiVault,
  ) {}

  async render(principal: StaffPrincipal, caseId: string, kind: DocumentKind, requestOrigin: string): Promise<string> {
    const c = await this.cases.readable(principal, caseId);
    if (!this.applies(c, kind)) throw new AppException('DOCUMENT_NOT_APPLICABLE', { kind, status: c.status });
    const hall = await this.halls.getHall(c.hallId);
    const base = (this.config.PUBLIC_BASE_URL ?? requestOrigin).replace(/\/+$/, '');
    const url = `${base}/case?no=${encodeURIComponent(c.caseNumber)}&code=${encodeURIComponent(c.queryCode)}`;
    const { default: QRCode } = await import('qrcode');
    const qr = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    const body = await this.body(c, kind, hall);
    const title = TITLES[kind];
    return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>${title} ${escapeHtml(c.caseNumber)}</title><style>${STYLE}</style></head>
<body>
<header><div class="hall">${escapeHtml(hall.name)}</div><div class="number">办件编号：${escapeHtml(c.caseNumber)}</div></header>
<h1>${title}</h1>
<div class="qr">${qr}<div>扫码查询办理进度</div><div>查询码 ${escapeHtml(c.queryCode)}</div></div>
${body}
<footer><p>${escapeHtml(hall.name)}（盖章）</p><p>${chineseDateTime(this.clock.now(), hall.timezone, false)}</p></footer>
</body>
</html>
`;
  }

  private applies(c: Case, kind: DocumentKind): boolean {
    switch (kind) {
      case 'acceptance-notice':
        return c.acceptedAt !== null;
      case 'correction-notice':
        return c.missingMaterials.length > 0;
      case 'refusal-notice':
        return c.status === 'not_accepted';
      case 'pickup-slip':
        return c.pickupCode !== null && AFTER_RESULT.includes(c.status);
    }
  }

  /** 收取材料清单: each material provided, with the pages on file (the paper ones the clerk ticked have none). */
  private async receivedMaterials(c: Case): Promise<string> {
    const provided = c.materials.filter((m) => m.provided);
    if (provided.length === 0) return '';
    const pages = await this.files.pagesByMaterial(c.id);
    const rows = provided.map((m, i) => {
      const p = pages.get(m.name);
      return `<tr><td>${i + 1}</td><td>${escapeHtml(m.name)}</td><td>${p ? `电子版 ${p.files} 份，共 ${p.pages} 页` : '纸质'}</td></tr>`;
    });
    return `<p>已收取的申请材料：</p>
<table class="materials"><tr><th>序号</th><th>材料名称</th><th>形式与页数</th></tr>${rows.join('')}</table>`;
  }

  private async body(c: Case, kind: DocumentKind, hall: Hall): Promise<string> {
    const at = (d: Date | null) => (d ? chineseDateTime(d, hall.timezone) : '—');
    // The notice is the applicant's own paper: their name in full (masked once retention removed it).
    const applicant = escapeHtml(openApplicant(this.vault, c)?.name ?? c.applicantNameMasked);
    const rows = (pairs: [string, string][]) => `<table>${pairs.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table>`;
    const common: [string, string][] = [
      ['申请事项', escapeHtml(c.itemName)],
      ['申请人', applicant],
      [c.applicantKind === 'person' ? '身份证号码' : '统一社会信用代码', escapeHtml(c.applicantIdMasked)],
    ];
    switch (kind) {
      case 'acceptance-notice': {
        const obligations = await this.dataSource.getRepository(CaseObligation).find({ where: { caseId: c.id }, order: { dueAt: 'ASC' } });
        const owed = obligations.filter((o) => o.status !== 'void');
        const received = await this.receivedMaterials(c);
        return `<p>${applicant}：</p>
<p>你（单位）提交的「${escapeHtml(c.itemName)}」申请，申请材料${owed.length ? '基本齐全' : '齐全'}、符合法定形式，本机关决定予以受理。</p>
${rows([...common, ['受理时间', at(c.acceptedAt)], ['承诺办结期限', at(c.promisedDueAt)], ['法定办结期限', at(c.legalDueAt)]])}
${received}
${
  owed.length
    ? `<p>本申请按容缺受理，请在下列期限前补交材料，逾期未补交的，本申请将予退件：</p>
<ol>${owed.map((o) => `<li>${escapeHtml(o.material)}（${at(o.dueAt)} 前）</li>`).join('')}</ol>`
    : ''
}
${c.commitment ? '<p>本申请按告知承诺制办理，申请人应当按承诺履行；经核查承诺不实的，本机关将依法撤销许可并记入失信记录。</p>' : ''}
<p>办结期限按工作日计算，依法暂停计时的期间不计入。可凭办件编号和查询码查询办理进度。</p>`;
      }
      case 'correction-notice':
        return `<p>${applicant}：</p>
<p>你（单位）提交的「${escapeHtml(c.itemName)}」申请，申请材料不齐全或者不符合法定形式。现一次性告知需要补正的全部材料如下：</p>
${rows(common)}
<ol>${c.missingMaterials.map((m) => `<li>${escapeHtml(m)}</li>`).join('')}</ol>
<p>请补正上述全部材料后，凭本告知书和办件编号到窗口重新提交。补正期间不计入办理时限。</p>`;
      case 'refusal-notice':
        return `<p>${applicant}：</p>
<p>你（单位）于 ${at(c.receivedAt)} 提交的「${escapeHtml(c.itemName)}」申请，经审查，本机关决定不予受理。</p>
${rows([...common, ['不予受理理由', escapeHtml(c.refusalReason ?? '')]])}
<p>如对本决定不服，可以自收到本通知书之日起六十日内依法申请行政复议，或者自收到本通知书之日起六个月内依法向人民法院提起行政诉讼。</p>`;
      case 'pickup-slip':
        return `<p>${applicant}：</p>
<p>你（单位）申请的「${escapeHtml(c.itemName)}」已办结，请凭本凭条和申请人身份证件到统一出件窗口领取办理结果。</p>
${rows([...common, ['办结时间', at(c.concludedAt)], ['取件码', `<span class="code">${escapeHtml(c.pickupCode ?? '')}</span>`]])}
<p>领取时须核验申请人的证件号码。</p>`;
    }
  }
}
