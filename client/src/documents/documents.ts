import { useState } from 'react';
import { api, ApiError } from '../api/http';
import { CaseDocument } from '../api/queue-types';
import { translate } from '../i18n/i18n';
import { casesApi } from '../api/cases';

// Everything the client prints or downloads: the server renders it (A4 notices as HTML, exports as
// CSV or Excel) and needs the staff token, which a plain link cannot send, so it is fetched here and
// handed to the browser. A notice's errors are thrown as ApiError for the caller to show; a
// download's are shown by the API client.

/** Opens a tab at once, while the click still counts as the user's (a tab opened after the request returns is blocked as a pop-up). */
function openTab(): Window {
  const tab = window.open('', '_blank');
  if (!tab) throw new ApiError(0, 'POPUP_BLOCKED', translate('print.popupBlocked'));
  return tab;
}

/**
 * Shows one of a case's notices in a new tab. `print`: written into the tab and printed at once
 * (the pickup slip, handed over on the spot); otherwise opened as its own page (a blob URL) for
 * the clerk to print, save or print again.
 */
export async function openCaseDocument(caseId: string, kind: CaseDocument, { print = false } = {}): Promise<void> {
  const tab = openTab();
  try {
    const html = await (await casesApi.document(caseId, kind)).text();
    if (print) {
      tab.document.open();
      tab.document.write(html);
      tab.document.close();
      tab.focus();
      tab.print();
      return;
    }
    const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
    tab.location.href = url;
    // The tab has loaded it long before; the URL would otherwise live as long as the page.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (err) {
    tab.close();
    throw err;
  }
}

/** The file name the server gives (Content-Disposition, RFC 5987 filename* first), else a plain one. */
function fileNameOf(res: Response, fallback: string): string {
  const header = res.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (encoded) return decodeURIComponent(encoded);
  return /filename="?([^";]+)"?/i.exec(header)?.[1] ?? fallback;
}

/** Downloads an export (`path` under /api) under the server's file name. */
async function downloadFile(path: string, query: Record<string, string | undefined>, fallbackName: string): Promise<void> {
  const res = await api.file(path, { query });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await res.blob());
  link.download = fileNameOf(res, fallbackName);
  link.click();
  // Revoked once the browser has taken the file over.
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** An export button's state: busy while the file comes; `download` says whether it came. */
export function useDownload(): {
  busy: boolean;
  download(path: string, query: Record<string, string | undefined>, fallbackName: string): Promise<boolean>;
} {
  const [busy, setBusy] = useState(false);
  const download = async (path: string, query: Record<string, string | undefined>, fallbackName: string) => {
    setBusy(true);
    try {
      await downloadFile(path, query, fallbackName);
      return true;
    } catch {
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, download };
}
