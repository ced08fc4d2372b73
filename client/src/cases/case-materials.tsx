import { App, Button, Empty, Modal, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { ApiError } from '../api/http';
import { CaseFile, CaseMaterialFiles, CaseMaterials } from '../api/materials';
import { SessionUser } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { labelOr } from './case-format';
import { hallTime } from '../lib/hall-time';
import { casesApi } from '../api/cases';
import { MaterialFileInput } from './material-file-input';

interface CaseMaterialsPanelProps {
  materials: CaseMaterials;
  /** The checklist as decided at the window: a material ticked without files was seen on paper. */
  checked: { name: string; provided: boolean; certificate?: { number: string; caseNumber: string } }[];
  user: SessionUser;
  timeZone: string;
  nameOf(id: string): string;
  /** After a file was added: the materials, the case and its history are read again. */
  changed(): void;
}

function FileThumb({ file, open }: { file: CaseFile; open(file: CaseFile): void }) {
  const { t } = useI18n();
  return (
    <button type="button" className="case-file-thumb" onClick={() => open(file)} aria-label={t('materials.open', { name: file.fileName })}>
      {file.mediaType === 'application/pdf' ? (
        <span className="case-file-pdf">
          PDF
          <br />
          {t('materials.pages', { n: file.pages })}
        </span>
      ) : (
        <img src={file.url} alt={file.fileName} loading="lazy" />
      )}
    </button>
  );
}

/**
 * The case's materials beside it: each material with its files as page thumbnails, a viewer for
 * images and PDFs (the browser's own PDF viewer, through the file's signed link), the earlier
 * versions of a corrected file, and for clerks and approvers a file added or corrected.
 */
export function CaseMaterialsPanel({ materials, checked, user, timeZone, nameOf, changed }: CaseMaterialsPanelProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [viewing, setViewing] = useState<CaseFile | null>(null);
  const [history, setHistory] = useState<Set<string>>(new Set());
  const chooser = useRef<HTMLInputElement>(null);
  const target = useRef<{ index: number; replaces?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const mayAdd = materials.acceptsFiles && (user.role === 'clerk' || user.role === 'approver');
  /** 免证办: the hall's own electronic certificate that satisfied the material at acceptance. */
  const certificateOf = (name: string) => checked.find((x) => x.name === name)?.certificate;

  const choose = (index: number, replaces?: string) => {
    target.current = { index, replaces };
    chooser.current?.click();
  };
  const upload = async (files: File[]) => {
    const to = target.current;
    if (!to || files.length === 0) return;
    setBusy(true);
    try {
      for (const f of files) {
        await casesApi.uploadFile(materials.caseId, to.index, f, to.replaces ?? undefined);
      }
      changed();
    } catch (err) {
      void message.error(err instanceof ApiError ? err.message : String(err));
      changed();
    } finally {
      setBusy(false);
    }
  };
  const meta = (f: CaseFile) =>
    `${hallTime(f.addedAt, timeZone, 'dateTimeSeconds')} · ${f.addedBy ? nameOf(f.addedBy) : labelOr('case.actorRole', f.addedByRole)}`;

  const material = (m: CaseMaterialFiles) => (
    <section key={m.index} className="case-material" aria-label={m.name}>
      <div className="case-material-head">
        <span>
          <Typography.Text strong>{m.name}</Typography.Text>{' '}
          <Typography.Text type="secondary">（{t(`necessity.${m.necessity}`)}）</Typography.Text>
        </span>
        <Space size={4}>
          {m.files.length ? (
            <Tag color="green">{t('materials.summary', { files: m.files.length, pages: m.pages })}</Tag>
          ) : certificateOf(m.name) ? (
            <Tag color="blue" title={t('materials.certificateFrom', { caseNumber: certificateOf(m.name)!.caseNumber })}>
              {t('materials.certificate', { number: certificateOf(m.name)!.number })}
            </Tag>
          ) : checked.some((x) => x.name === m.name && x.provided) ? (
            <Tag color="green">{t('materials.onPaper')}</Tag>
          ) : (
            <Tag color="orange">{t('case.notProvided')}</Tag>
          )}
          {mayAdd && (
            <Button size="small" loading={busy} onClick={() => choose(m.index)}>
              {t('materials.add')}
            </Button>
          )}
        </Space>
      </div>
      {m.files.length > 0 && (
        <div className="case-material-files">
          {m.files.map(({ current, earlier }) => (
            <div key={current.id} className="case-file">
              <FileThumb file={current} open={setViewing} />
              <div className="case-file-meta">
                {current.version > 1 && <Tag color="blue">{t('materials.version', { n: current.version })}</Tag>}
                <div>{meta(current)}</div>
              </div>
              <Space size={2} wrap>
                {mayAdd && (
                  <Button size="small" type="link" onClick={() => choose(m.index, current.id)}>
                    {t('materials.correct')}
                  </Button>
                )}
                {earlier.length > 0 && (
                  <Button
                    size="small"
                    type="link"
                    onClick={() =>
                      setHistory((h) => new Set(h.has(current.id) ? [...h].filter((x) => x !== current.id) : [...h, current.id]))
                    }
                  >
                    {t('materials.earlier', { n: earlier.length })}
                  </Button>
                )}
              </Space>
              {history.has(current.id) &&
                earlier.map((f) => (
                  <div key={f.id} className="case-file case-file-earlier">
                    <FileThumb file={f} open={setViewing} />
                    <div className="case-file-meta">
                      <Tag>{t('materials.version', { n: f.version })}</Tag>
                      <div>{meta(f)}</div>
                    </div>
                  </div>
                ))}
            </div>
          ))}
        </div>
      )}
    </section>
  );

  return (
    <div className="case-materials">
      {materials.materials.length ? materials.materials.map(material) : <Empty />}
      <MaterialFileInput ref={chooser} onFiles={(files) => void upload(files)} />
      <Modal
        open={viewing !== null}
        onCancel={() => setViewing(null)}
        footer={viewing && <a href={`${viewing.url}&download=1`}>{t('materials.download')}</a>}
        width={viewing?.mediaType === 'application/pdf' ? 1000 : 900}
        title={
          viewing &&
          `${viewing.materialName} · ${viewing.fileName}${viewing.version > 1 ? ` · ${t('materials.version', { n: viewing.version })}` : ''}`
        }
        destroyOnHidden
        className="case-file-viewer"
      >
        {viewing &&
          (viewing.mediaType === 'application/pdf' ? (
            <iframe src={viewing.url} title={viewing.fileName} />
          ) : (
            <img src={viewing.url} alt={viewing.fileName} />
          ))}
      </Modal>
    </div>
  );
}
