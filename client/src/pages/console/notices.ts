import { ApiError } from '../../api/http';
import { CaseDocument } from '../../api/queue-types';
import { staffToken } from '../../auth/auth';
import { translate } from '../../i18n/i18n';

/** The notice as the server renders it (print-ready A4 HTML); it needs the clerk's token, so it is fetched, not linked. */
async function fetchNotice(caseId: string, kind: CaseDocument): Promise<string> {
  const token = staffToken();
  const res = await fetch(`/api/cases/${caseId}/documents/${kind}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (res.ok) return res.text();
  const body = (await res.json().catch(() => null)) as { code?: string; message?: string } | null;
  throw new ApiError(
    res.status,
    body?.code ?? 'UNEXPECTED_RESPONSE',
    body?.message ?? translate('common.serverError', { status: res.status }),
  );
}

/**
 * Opens a notice in a new tab for printing. The tab is opened at once, while the click still
 * counts as the clerk's (a tab opened after the request returns is blocked as a pop-up), and
 * shows the notice when it arrives.
 */
export function openNotice(caseId: string, kind: CaseDocument, failed: (error: ApiError) => void): void {
  const tab = window.open('', '_blank');
  if (!tab) {
    failed(new ApiError(0, 'POPUP_BLOCKED', translate('acceptance.popupBlocked')));
    return;
  }
  fetchNotice(caseId, kind).then(
    (html) => {
      const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
      tab.location.href = url;
      // The tab has loaded it long before; the URL would otherwise live as long as the console.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
    (err: unknown) => {
      tab.close();
      failed(err instanceof ApiError ? err : new ApiError(0, 'NETWORK_ERROR', translate('common.networkError')));
    },
  );
}
