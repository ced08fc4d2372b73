import { Alert, Button, Card, Input, List, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/http';
import { useI18n } from '../../i18n/i18n';
import { onlineApi, OnlineVisitAdvice, Slot } from '../../api/online';

/** The hall-local day after today, as the booking form proposes it. */
function tomorrow(): string {
  const d = new Date(Date.now() + 24 * 3600_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * 只跑一次: an online case that passed 预审 for an item that is not 全程网办 tells the citizen which
 * originals to bring and books the one visit through the hall's appointments; once the window has
 * sighted the originals it says so. Shows nothing for any other case.
 */
export function OnlineVisitCard({ no, code, status }: { no: string; code: string; status: string }) {
  const { t } = useI18n();
  const [advice, setAdvice] = useState<OnlineVisitAdvice | null>(null);
  const [date, setDate] = useState(tomorrow);
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [booked, setBooked] = useState<{ code: string; slot: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    onlineApi
      .visitAdvice({ no, code }, controller.signal)
      .then(setAdvice)
      .catch(() => undefined);
    return () => controller.abort();
  }, [no, code, status]);

  if (!advice?.needsVisit) return null;
  const failed = (err: unknown) => setError(err instanceof ApiError ? err.message : String(err));
  const findSlots = async () => {
    setError(null);
    try {
      const all = await onlineApi.slots(advice.hallId, advice.itemId, date);
      setSlots(all.filter((s) => s.available > 0));
    } catch (err) {
      failed(err);
    }
  };
  const book = async (slot: Slot) => {
    setError(null);
    try {
      const made = await onlineApi.book(advice.hallId, { itemId: advice.itemId, date, slotStart: slot.start.slice(0, 5) });
      setBooked({ code: made.code, slot: `${date} ${slot.start.slice(0, 5)}` });
    } catch (err) {
      failed(err);
    }
  };

  return (
    <Card size="small" className="case-section online-visit" title={t('citizenCase.visitTitle')}>
      {advice.originalsSighted ? (
        <Alert type="success" showIcon message={t('citizenCase.visitDone')} />
      ) : (
        <>
          <Typography.Paragraph>{t('citizenCase.visitHint')}</Typography.Paragraph>
          <ol className="case-list" aria-label={t('citizenCase.visitOriginals')}>
            {advice.originals.map((o) => (
              <li key={o.name}>{t('citizenCase.visitOriginal', { name: o.name, count: o.originals })}</li>
            ))}
          </ol>
          <Typography.Paragraph type="secondary">{t('citizenCase.visitCaseNumber', { no })}</Typography.Paragraph>
          {booked ? (
            <Alert type="success" showIcon message={t('citizenCase.visitBooked', { code: booked.code, slot: booked.slot })} />
          ) : advice.bookable ? (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Space wrap>
                <Input
                  type="date"
                  aria-label={t('citizenCase.visitDate')}
                  value={date}
                  onChange={(e) => {
                    setDate(e.target.value);
                    setSlots(null);
                  }}
                />
                <Button onClick={() => void findSlots()}>{t('citizenCase.visitFindSlots')}</Button>
              </Space>
              {slots && slots.length === 0 && <Typography.Text type="secondary">{t('citizenCase.visitNoSlots')}</Typography.Text>}
              {slots && slots.length > 0 && (
                <List
                  size="small"
                  dataSource={slots}
                  renderItem={(s) => (
                    <List.Item
                      extra={
                        <Button size="small" type="primary" onClick={() => void book(s)}>
                          {t('citizenCase.visitBook')}
                        </Button>
                      }
                    >
                      {s.start.slice(0, 5)}–{s.end.slice(0, 5)}
                    </List.Item>
                  )}
                />
              )}
            </Space>
          ) : (
            <Typography.Text type="secondary">{t('citizenCase.visitNotBookable')}</Typography.Text>
          )}
        </>
      )}
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 8 }} />}
    </Card>
  );
}
