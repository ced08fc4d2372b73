import { App, Button, Space, Tooltip } from 'antd';
import { useRef, useState } from 'react';
import { ApiError } from '../../api/http';
import { StagedFile } from '../../api/materials';
import { CameraCapture } from '../../cases/camera-capture';
import { useI18n } from '../../i18n/i18n';
import { casesApi } from '../../api/cases';
import { MaterialFileInput } from '../../cases/material-file-input';

/** A staged file with a local preview of an image (an object URL of the bytes the clerk has). */
export interface StagedUpload extends StagedFile {
  preview: string | null;
}

interface MaterialUploadsProps {
  hallId: string;
  materialName: string;
  value?: StagedUpload[];
  onChange?(value: StagedUpload[]): void;
}

/**
 * The files of one material at the window: pages shot with the document camera or files chosen
 * from disk, each uploaded at once (the server reads its type and pages) and sent with the
 * application by id.
 */
export function MaterialUploads({ hallId, materialName, value = [], onChange }: MaterialUploadsProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const chooser = useRef<HTMLInputElement>(null);
  const [capturing, setCapturing] = useState(false);
  const [busy, setBusy] = useState(0);

  const uploadAll = async (files: { blob: Blob; name: string }[]) => {
    setBusy((n) => n + files.length);
    const added: StagedUpload[] = [];
    for (const f of files) {
      try {
        const staged = await casesApi.stage(hallId, f.blob, f.name);
        added.push({ ...staged, preview: staged.mediaType === 'application/pdf' ? null : URL.createObjectURL(f.blob) });
      } catch (err) {
        void message.error(`${f.name}：${err instanceof ApiError ? err.message : String(err)}`);
      } finally {
        setBusy((n) => n - 1);
      }
    }
    if (added.length) onChange?.([...value, ...added]);
  };
  const remove = (id: string) => {
    const gone = value.find((f) => f.id === id);
    if (gone?.preview) URL.revokeObjectURL(gone.preview);
    onChange?.(value.filter((f) => f.id !== id));
  };

  return (
    <div className="material-uploads">
      {value.length > 0 && (
        <ul className="material-thumbs" aria-label={t('materials.filesOf', { name: materialName })}>
          {value.map((f, i) => (
            <li key={f.id}>
              <Tooltip title={`${f.fileName} · ${t('materials.pages', { n: f.pages })}`}>
                {f.preview ? (
                  <img src={f.preview} alt={t('materials.pageOf', { name: materialName, n: i + 1 })} />
                ) : (
                  <span className="material-pdf">
                    PDF
                    <br />
                    {t('materials.pages', { n: f.pages })}
                  </span>
                )}
              </Tooltip>
              <button
                type="button"
                className="material-remove"
                aria-label={t('materials.remove', { name: f.fileName })}
                onClick={() => remove(f.id)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <Space size={4} wrap>
        <Button size="small" onClick={() => setCapturing(true)} aria-label={t('materials.captureFor', { name: materialName })}>
          {t('materials.capture')}
        </Button>
        <Button size="small" onClick={() => chooser.current?.click()} aria-label={t('materials.chooseFor', { name: materialName })}>
          {t('materials.choose')}
        </Button>
        {busy > 0 && <span className="material-busy">{t('materials.uploading', { n: busy })}</span>}
      </Space>
      <MaterialFileInput ref={chooser} onFiles={(files) => void uploadAll(files.map((f) => ({ blob: f, name: f.name })))} />
      <CameraCapture
        open={capturing}
        materialName={materialName}
        cancel={() => setCapturing(false)}
        done={(pages) => {
          setCapturing(false);
          void uploadAll(pages.map((blob, i) => ({ blob, name: `${materialName}-${value.length + i + 1}.jpg` })));
        }}
      />
    </div>
  );
}
