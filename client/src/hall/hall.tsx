import { Button, Result, Select, Spin } from 'antd';
import { createContext, ReactNode, useContext, useMemo, useState } from 'react';
import { Hall } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { useLoad } from '../lib/use-load';
import { hallsApi } from '../api/admin';

const STORAGE_KEY = 'ow.hallId';

interface HallState {
  halls: Hall[];
  hall: Hall;
  setHallId(id: string): void;
}

const HallContext = createContext<HallState | null>(null);

/** The staff member's halls and the one they are working in (remembered per browser). */
export function HallProvider({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const halls = useLoad((signal) => hallsApi.list(signal), []);
  const [chosen, setChosen] = useState(() => localStorage.getItem(STORAGE_KEY));

  const value = useMemo<HallState | null>(() => {
    const list = halls.data ?? [];
    const hall = list.find((h) => h.id === chosen) ?? list[0];
    if (!hall) return null;
    return {
      halls: list,
      hall,
      setHallId: (id) => {
        localStorage.setItem(STORAGE_KEY, id);
        setChosen(id);
      },
    };
  }, [halls.data, chosen]);

  if (halls.error) {
    return (
      <Result
        status="error"
        title={t('common.loadFailed')}
        subTitle={halls.error.message}
        extra={<Button onClick={() => void halls.reload()}>{t('common.retry')}</Button>}
      />
    );
  }
  if (!halls.data) return <Spin size="large" style={{ display: 'block', margin: '120px auto' }} />;
  if (!value) return <Result status="warning" title={t('hall.none')} />;
  return <HallContext.Provider value={value}>{children}</HallContext.Provider>;
}

export function useHall(): HallState {
  const value = useContext(HallContext);
  if (!value) throw new Error('useHall outside HallProvider');
  return value;
}

/** A select when the staff member has several halls, the hall's name otherwise. */
export function HallSelector() {
  const { halls, hall, setHallId } = useHall();
  const { t } = useI18n();
  if (halls.length < 2) return <span className="hall-name">{hall.name}</span>;
  return (
    <Select
      aria-label={t('hall.label')}
      value={hall.id}
      onChange={setHallId}
      showSearch
      optionFilterProp="label"
      options={halls.map((h) => ({ value: h.id, label: h.name }))}
      style={{ minWidth: 220 }}
      popupMatchSelectWidth={false}
    />
  );
}
