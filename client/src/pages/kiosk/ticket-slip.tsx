import QRCode from 'qrcode';
import { useEffect, useRef, useState } from 'react';
import { hallTime } from '../../lib/hall-time';
import { createPortal } from 'react-dom';
import { IssuedTicket } from '../../api/queue-types';
import { Hall } from '../../api/types';
import { useI18n } from '../../i18n/i18n';

/**
 * The paper slip, 80 mm wide, for the kiosk's receipt printer. It lives beside the app's root, not
 * in it, so that printing shows the slip alone and the roll is cut right after it. It prints
 * itself once its QR code (the citizen's live page) is drawn.
 */
export function TicketSlip({ ticket, hall }: { ticket: IssuedTicket; hall: Hall }) {
  const { t } = useI18n();
  const link = `${window.location.origin}/t/${ticket.accessCode}`;
  const [qr, setQr] = useState<string>();
  const printed = useRef(false);
  useEffect(() => {
    let current = true;
    void QRCode.toDataURL(link, { margin: 0, width: 320, errorCorrectionLevel: 'M' }).then((image) => current && setQr(image));
    return () => {
      current = false;
    };
  }, [link]);
  const issuedAt = hallTime(ticket.issuedAt, hall.timezone, 'slip');

  const print = () => {
    if (printed.current) return;
    printed.current = true;
    window.print();
  };

  return createPortal(
    <div className="kiosk-slip" data-testid="ticket-slip">
      <div className="slip-hall">{hall.name}</div>
      <div className="slip-category">{ticket.categoryName}</div>
      <div className="slip-number">{ticket.number}</div>
      {ticket.priority && <div className="slip-priority">{t('slip.priority', { reason: ticket.priorityReason ?? '' })}</div>}
      <div className="slip-ahead">{t('kiosk.ahead', { n: ticket.ahead })}</div>
      <div className="slip-time">{issuedAt}</div>
      {qr && <img className="slip-qr" src={qr} alt={t('slip.qrAlt')} onLoad={print} />}
      <div className="slip-scan">{t('slip.scan')}</div>
      <div className="slip-note">{t('slip.note')}</div>
    </div>,
    document.body,
  );
}
