import { ApiError } from '../api/http';
import { staffToken } from '../auth/auth';
import { translate } from '../i18n/i18n';

export type DocumentKind = 'acceptance-notice' | 'correction-notice' | 'refusal-notice' | 'pickup-slip';

/**
 * Opens one of the case's printable notices (A4 HTML from the server, which needs the staff token,
 * so a plain link cannot fetch it) in a new window and starts printing. The window is opened
 * before the request so that the browser counts it as the click's own and does not block it.
 */
export async function printCaseDocument(caseId: string, kind: DocumentKind): Promise<void> {
  const target = window.open('', '_blank');
  try {
    const token = staffToken();
    const res = await fetch(`/api/cases/${caseId}/documents/${kind}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { code?: string; message?: string } | null;
      throw new ApiError(
        res.status,
        body?.code ?? 'UNEXPECTED_RESPONSE',
        body?.message ?? translate('common.serverError', { status: res.status }),
      );
    }
    const html = await res.text();
    if (!target) throw new ApiError(0, 'POPUP_BLOCKED', translate('print.popupBlocked'));
    target.document.open();
    target.document.write(html);
    target.document.close();
    target.focus();
    target.print();
  } catch (err) {
    target?.close();
    throw err;
  }
}
