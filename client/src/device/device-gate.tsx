import { Button, Result, Spin } from 'antd';
import { ReactNode, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/http';
import { DeviceRole, Hall } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { useLoad } from '../lib/use-load';
import { authApi } from '../api/auth';
import { hallsApi } from '../api/admin';

export interface Device {
  token: string;
  hall: Hall;
}

const storageKey = (kind: DeviceRole) => `ow.device.${kind}`;

/**
 * The device token arrives once, as `?token=` on the set-up link, and is kept in localStorage
 * so the screen survives reboots; it is then taken out of the address bar, where anyone
 * walking past could read it.
 */
function useDeviceToken(kind: DeviceRole): [string | null, () => void] {
  const [params, setParams] = useSearchParams();
  const fromUrl = params.get('token');
  const [token, setToken] = useState(() => {
    if (fromUrl) localStorage.setItem(storageKey(kind), fromUrl);
    return localStorage.getItem(storageKey(kind));
  });
  useEffect(() => {
    if (!fromUrl) return;
    const rest = new URLSearchParams(params);
    rest.delete('token');
    setParams(rest, { replace: true });
  }, [fromUrl, params, setParams]);
  const forget = () => {
    localStorage.removeItem(storageKey(kind));
    setToken(null);
  };
  return [token, forget];
}

/** Renders `children` once the device's token is known to be valid for this kind of device. */
export function DeviceGate({ kind, children }: { kind: DeviceRole; children: (device: Device) => ReactNode }) {
  const { t } = useI18n();
  const [token, forget] = useDeviceToken(kind);
  const device = useLoad(
    async (signal) => {
      if (!token) return null;
      const opts = { credentials: { as: 'device', token } as const, silent: true, signal };
      const me = await authApi.device(opts);
      if (me.role !== kind) throw new ApiError(403, 'WRONG_DEVICE_KIND', t('device.wrongKind', { kind: t(`deviceKind.${kind}`) }));
      return { token, hall: await hallsApi.get(me.hallId, opts) };
    },
    [token, kind],
  );

  if (!token) return <Result status="info" title={t('device.noToken')} subTitle={t('device.noTokenHelp')} />;
  if (device.error) {
    const title = device.error.status === 401 ? t('device.invalidToken') : device.error.message;
    return <Result status="error" title={title} extra={<Button onClick={forget}>{t('device.forget')}</Button>} />;
  }
  if (!device.data) return <Spin size="large" style={{ display: 'block', margin: '30vh auto' }} />;
  return <>{children(device.data)}</>;
}
