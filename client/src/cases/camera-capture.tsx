import { Alert, Button, Empty, Modal, Select, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n';

export interface CapturedPage {
  blob: Blob;
  url: string;
}

interface CameraCaptureProps {
  open: boolean;
  /** What the pages are of, for the title. */
  materialName: string;
  done(pages: Blob[]): void;
  cancel(): void;
}

/** JPEG at this quality keeps a text page legible at about a tenth of its PNG size. */
const JPEG_QUALITY = 0.85;

function frameAsJpeg(video: HTMLVideoElement): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d')!.drawImage(video, 0, 0);
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no frame'))), 'image/jpeg', JPEG_QUALITY),
  );
}

/**
 * The window's document camera (高拍仪), which the browser sees as an ordinary camera: a live
 * preview, one JPEG per page shot, any page retaken or dropped before the pages are kept.
 */
export function CameraCapture({ open, materialName, done, cancel }: CameraCaptureProps) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [deviceId, setDeviceId] = useState<string | undefined>(undefined);
  const [pages, setPages] = useState<CapturedPage[]>([]);
  const [retaking, setRetaking] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    if (!open) return;
    let stream: MediaStream | null = null;
    let stopped = false;
    setReady(false);
    setError(null);
    // A document camera's full resolution, where it has one: small print must stay readable.
    navigator.mediaDevices
      ?.getUserMedia({
        audio: false,
        video: { deviceId: deviceId ? { exact: deviceId } : undefined, width: { ideal: 2592 }, height: { ideal: 1944 } },
      })
      .then(async (s) => {
        if (stopped) return s.getTracks().forEach((track) => track.stop());
        stream = s;
        if (video.current) {
          video.current.srcObject = s;
          await video.current.play().catch(() => undefined);
        }
        setReady(true);
        setDevices((await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput'));
      })
      .catch((err: Error) =>
        setError(err.name === 'NotAllowedError' ? t('capture.denied') : t('capture.noCamera', { reason: err.message })),
      );
    if (!navigator.mediaDevices) setError(t('capture.noCamera', { reason: 'mediaDevices' }));
    return () => {
      stopped = true;
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [open, deviceId, t]);

  // Object URLs of the previews are let go when the dialog closes.
  useEffect(() => {
    if (open) return;
    setPages((current) => {
      current.forEach((p) => URL.revokeObjectURL(p.url));
      return [];
    });
    setRetaking(null);
  }, [open]);

  const shoot = async () => {
    if (!video.current) return;
    const blob = await frameAsJpeg(video.current);
    const page = { blob, url: URL.createObjectURL(blob) };
    setPages((current) => {
      if (retaking === null) return [...current, page];
      URL.revokeObjectURL(current[retaking].url);
      return current.map((p, i) => (i === retaking ? page : p));
    });
    setRetaking(null);
  };
  const drop = (index: number) =>
    setPages((current) => {
      URL.revokeObjectURL(current[index].url);
      return current.filter((_, i) => i !== index);
    });

  return (
    <Modal
      open={open}
      title={t('capture.title', { name: materialName })}
      width={960}
      onCancel={cancel}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={cancel}>
          {t('common.cancel')}
        </Button>,
        <Button key="done" type="primary" disabled={pages.length === 0} onClick={() => done(pages.map((p) => p.blob))}>
          {t('capture.keep', { n: pages.length })}
        </Button>,
      ]}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <div className="capture">
        <div className="capture-live">
          <video ref={video} muted playsInline aria-label={t('capture.preview')} />
          <Space wrap>
            <Button type="primary" size="large" onClick={() => void shoot()} disabled={!ready} className="capture-shoot">
              {retaking === null ? t('capture.shoot', { n: pages.length + 1 }) : t('capture.reshoot', { n: retaking + 1 })}
            </Button>
            {retaking !== null && <Button onClick={() => setRetaking(null)}>{t('capture.cancelRetake')}</Button>}
            {devices.length > 1 && (
              <Select
                style={{ minWidth: 220 }}
                value={deviceId ?? devices[0]?.deviceId}
                onChange={setDeviceId}
                aria-label={t('capture.camera')}
                options={devices.map((d, i) => ({ value: d.deviceId, label: d.label || t('capture.cameraN', { n: i + 1 }) }))}
              />
            )}
          </Space>
        </div>
        <div className="capture-pages" aria-label={t('capture.pages')}>
          {pages.length === 0 ? (
            <Empty description={t('capture.noPages')} />
          ) : (
            pages.map((p, i) => (
              <figure key={p.url} className={retaking === i ? 'capture-page capture-page-retaking' : 'capture-page'}>
                <img src={p.url} alt={t('capture.pageN', { n: i + 1 })} />
                <figcaption>
                  <Typography.Text>{t('capture.pageN', { n: i + 1 })}</Typography.Text>
                  <Space size={4}>
                    <Button size="small" onClick={() => setRetaking(i)}>
                      {t('capture.retake')}
                    </Button>
                    <Button size="small" danger onClick={() => drop(i)}>
                      {t('capture.drop')}
                    </Button>
                  </Space>
                </figcaption>
              </figure>
            ))
          )}
        </div>
      </div>
    </Modal>
  );
}
