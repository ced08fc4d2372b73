import { Injectable, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit, Logger } from '@nestjs/common';
import { sharedSecret } from '../database/app-settings';
import { HallsService } from '../halls/halls.service';
import { randomBytes, randomUUID } from 'node:crypto';
import { pipeline, Readable } from 'node:stream';
import { DataSource, EntityManager, LessThan } from 'typeorm';
import type { StaffPrincipal } from '../auth/principal';
import { CatalogService } from '../catalog/catalog.service';
import { AppException } from '../common/errors/app-exception';
import type { ErrorCode } from '../common/errors/error-codes';
import { AppConfig } from '../config/app-config';
import { Clock } from '../common/time/clock';
import { PublicRateLimiter } from '../common/http/public-rate-limiter';
import { ByteRange, Storage } from '../storage/storage-driver';
import { actorOf, CaseActor, CaseLedger, CaseTx } from './case-ledger';
import { CASE_LOOKUP, CasesService } from './cases.service';
import { acceptsMaterialFiles, checkFileLink, fileChains, parseByteRange, signFileLink } from './domain/material-files';
import type { MaterialNecessity } from './domain/material-check';
import type { CaseFileDto, CaseMaterialsDto, StagedFileDto } from './dto/case-file.dto';
import { CaseFile } from './entities/case-file.entity';
import type { Case } from './entities/case.entity';
import { StagedFile } from './entities/staged-file.entity';
import { InspectedFile, MaterialInspector } from './material-inspection';
import { BackgroundTimer } from '../common/time/background-timer';

const MiB = 1024 * 1024;
/** A staged upload the clerk never submitted is removed after this long. */
const STAGED_TTL_MS = 24 * 3600 * 1000;
/** An object still being written this long after it began was left by an instance that died mid-upload. */
const ABANDONED_WRITE_MS = 3600 * 1000;
/** Rate-limit scope of the public online uploads. */
export const ONLINE_UPLOAD = 'online-upload';

/** One file of a multipart request, as the controller hands it over. */
export interface UploadPart {
  stream: Readable;
  fileName: string;
}

export interface FileDownload {
  file: CaseFile;
  body: Readable;
  /** The bytes sent, when a range was asked for. */
  range: ByteRange | null;
}

interface StoredUpload extends InspectedFile {
  key: string;
  fileName: string;
}

/** What a staged file and a case file both record of the stored bytes. */
function storedColumns(stored: StoredUpload) {
  const { fileName, mediaType, size, pages, sha256, key } = stored;
  return { fileName, mediaType, size, pages, sha256, storageKey: key };
}

/** What a name may keep: no path, no control characters, at most 200 characters. */
function cleanFileName(raw: string, fallback: string): string {
  const base = (raw ?? '')
    .split(/[\\/]/)
    .pop()!
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim()
    .slice(-200);
  return base || fallback;
}

const EXTENSIONS: Record<string, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' };

/**
 * Material files (材料电子化): uploads streamed through an inspector into the storage driver, the
 * files of a case (immutable, corrections as new versions, each one a case event), the window's
 * staged uploads that join a case when its application is submitted, and downloads by staff or
 * through signed links. An upload is stored before its row is written; whatever fails after the
 * bytes arrived removes them again, so a refused or cut-off upload leaves nothing behind.
 */
@Injectable()
export class CaseFilesService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('CaseFiles');
  private secret = '';
  private readonly timer = new BackgroundTimer();

  constructor(
    private readonly dataSource: DataSource,
    private readonly storage: Storage,
    private readonly config: AppConfig,
    private readonly ledger: CaseLedger,
    private readonly cases: CasesService,
    private readonly catalog: CatalogService,
    private readonly limiter: PublicRateLimiter,
    private readonly clock: Clock,
    private readonly halls: HallsService,
  ) {}

  get maxFileBytes(): number {
    return this.config.MATERIAL_FILE_MAX_MB * MiB;
  }

  get maxCaseBytes(): number {
    return this.config.MATERIAL_CASE_MAX_MB * MiB;
  }

  async onModuleInit(): Promise<void> {
    this.secret =
      this.config.FILE_LINK_SECRET ||
      (await sharedSecret(this.dataSource, 'file_link_secret', () => randomBytes(48).toString('base64url')));
  }

  onApplicationBootstrap(): void {
    const seconds = this.config.CASE_SWEEP_INTERVAL_SECONDS;
    if (seconds === 0) return;
    this.timer.start(seconds * 1000, () => {
      this.sweepStaged().catch((err: Error) => this.logger.error({ msg: 'staged file sweep failed', error: err.message }));
    });
  }

  onApplicationShutdown(): void {
    this.timer.stop();
  }

  /** The window, before the application exists: a file for the clerk's application form. */
  async stage(principal: StaffPrincipal, hallId: string, readPart: () => Promise<UploadPart>): Promise<StagedFileDto> {
    const stored = await this.store(await readPart(), this.maxFileBytes, 'FILE_TOO_LARGE');
    return this.keepStaged(stored, { hallId, uploadedBy: principal.id, draftToken: null });
  }

  /** Records a stored upload as staged (by a clerk, or under an online draft's token); forgets the bytes if that fails. */
  private async keepStaged(stored: StoredUpload, owner: Pick<StagedFile, 'hallId' | 'uploadedBy' | 'draftToken'>): Promise<StagedFileDto> {
    const row: StagedFile = {
      id: randomUUID(),
      ...owner,
      ...storedColumns(stored),
      uploadedAt: this.clock.now(),
    };
    await this.orForget(stored.key, () => this.dataSource.getRepository(StagedFile).insert(row));
    const { id, fileName, mediaType, size, pages, sha256, uploadedAt } = row;
    return { id, fileName, mediaType, size, pages, sha256, uploadedAt };
  }

  /**
   * A file for material `index` of the case's checklist, or a correction of `replacesId` (its next
   * version). Staff who may read the case and act on it: its hall's clerks, its department's approvers.
   */
  async upload(
    principal: StaffPrincipal,
    caseId: string,
    index: number,
    replacesId: string | undefined,
    readPart: () => Promise<UploadPart>,
  ): Promise<CaseFileDto> {
    // Everything that can be said without the body is said first (an unread body is dropped by the HTTP server).
    return this.uploadTo(await this.cases.readable(principal, caseId), actorOf(principal), index, replacesId, readPart);
  }

  /**
   * 补正 online: the applicant, by case number and query code, adds a file or a corrected version
   * to their online case while it waits for them (correction_requested). Counted as a case lookup.
   */
  async uploadForApplicant(
    caseNumber: string,
    queryCode: string,
    address: string,
    rawIndex: string,
    replacesId: string | undefined,
    readPart: () => Promise<UploadPart>,
  ): Promise<CaseFileDto> {
    // Counted before anything is read, a malformed index included.
    await this.limiter.hit(CASE_LOOKUP, address);
    const index = /^\d{1,3}$/.test(rawIndex) ? Number(rawIndex) : -1;
    const access = await this.cases.verifyCitizenAccess(caseNumber, queryCode);
    const c = await this.cases.load(access.caseId);
    if (c.channel !== 'online' || c.status !== 'correction_requested') throw new AppException('CASE_FILES_CLOSED', { status: c.status });
    return this.uploadTo(c, { id: null, role: 'applicant' }, index, replacesId, readPart, 'correction_requested');
  }

  private async uploadTo(
    c: Case,
    actor: CaseActor,
    index: number,
    replacesId: string | undefined,
    readPart: () => Promise<UploadPart>,
    onlyIn?: Case['status'],
  ): Promise<CaseFileDto> {
    const caseId = c.id;
    const material = (await this.checklistOf(c))[index];
    if (!material) throw new AppException('MATERIAL_NOT_FOUND', { caseId, index });
    if (!acceptsMaterialFiles(c.status)) throw new AppException('CASE_FILES_CLOSED', { status: c.status });
    if (replacesId) await this.replaceable(this.dataSource.manager, c.id, material.name, replacesId);
    const room = this.maxCaseBytes - (await this.totalBytes(this.dataSource.manager, c.id));
    if (room <= 0) throw new AppException('CASE_FILES_TOO_LARGE', { maxCaseBytes: this.maxCaseBytes });
    const limitedByCase = room < this.maxFileBytes;
    const stored = await this.store(
      await readPart(),
      Math.min(room, this.maxFileBytes),
      limitedByCase ? 'CASE_FILES_TOO_LARGE' : 'FILE_TOO_LARGE',
    );
    const file = await this.orForget(stored.key, () =>
      this.ledger.run(async (tx) => {
        const c = await tx.lock(caseId);
        if (!acceptsMaterialFiles(c.status) || (onlyIn && c.status !== onlyIn))
          throw new AppException('CASE_FILES_CLOSED', { status: c.status });
        if ((await this.totalBytes(tx.em, c.id)) + stored.size > this.maxCaseBytes) {
          throw new AppException('CASE_FILES_TOO_LARGE', { maxCaseBytes: this.maxCaseBytes });
        }
        const previous = replacesId ? await this.replaceable(tx.em, c.id, material.name, replacesId) : null;
        return this.attach(tx, c, material.name, stored, previous, actor);
      }),
    );
    return this.view(file);
  }

  /**
   * 网上申办, before the application exists: a citizen's file for their draft (a fresh draft when
   * none is named). Public, so counted by the rate limiter; the same inspection and limits as the window's.
   */
  async stageForDraft(
    hallId: string,
    draftToken: string | undefined,
    address: string,
    readPart: () => Promise<UploadPart>,
  ): Promise<StagedFileDto & { draftToken: string }> {
    await this.limiter.hit(ONLINE_UPLOAD, address);
    await this.halls.getHall(hallId);
    const token = draftToken ?? randomUUID();
    const [row] = await this.dataSource.query(
      `select coalesce(sum(size), 0)::float8 as total from staged_files where draft_token = $1 and hall_id = $2`,
      [token, hallId],
    );
    const room = this.maxCaseBytes - (row.total as number);
    if (room <= 0) throw new AppException('CASE_FILES_TOO_LARGE', { maxCaseBytes: this.maxCaseBytes });
    const stored = await this.store(
      await readPart(),
      Math.min(room, this.maxFileBytes),
      room < this.maxFileBytes ? 'CASE_FILES_TOO_LARGE' : 'FILE_TOO_LARGE',
    );
    return { ...(await this.keepStaged(stored, { hallId, uploadedBy: null, draftToken: token })), draftToken: token };
  }

  /** At an online submission, in the case's transaction: the draft's files named for a material join the case, each once. */
  async attachDrafted(
    tx: CaseTx,
    c: Case,
    actor: CaseActor,
    materialName: string,
    draftToken: string,
    fileIds: readonly string[],
  ): Promise<void> {
    for (const id of fileIds) {
      const [[row]] = (await tx.em.query(
        `delete from staged_files where id = $1 and hall_id = $2 and draft_token = $3
         returning file_name as "fileName", media_type as "mediaType", size::float8 as size, pages, sha256, storage_key as key`,
        [id, c.hallId, draftToken],
      )) as [StoredUpload[], number];
      if (!row) throw new AppException('UPLOAD_NOT_FOUND', { fileId: id, material: materialName });
      await this.attach(tx, c, materialName, row, null, actor);
    }
  }

  /**
   * At acceptance, in the case's own transaction: the staged files the clerk named for a material
   * become files of the new case. Only the uploader's own staged files of the case's hall qualify,
   * and each only once.
   */
  async attachStaged(tx: CaseTx, c: Case, actor: CaseActor, materialName: string, fileIds: readonly string[]): Promise<void> {
    for (const id of fileIds) {
      // A DELETE … RETURNING answers [rows, count]: each staged file is taken once, by its uploader only.
      const [[row]] = (await tx.em.query(
        `delete from staged_files where id = $1 and hall_id = $2 and uploaded_by = $3
         returning file_name as "fileName", media_type as "mediaType", size::float8 as size, pages, sha256, storage_key as key`,
        [id, c.hallId, actor.id],
      )) as [StoredUpload[], number];
      if (!row) throw new AppException('UPLOAD_NOT_FOUND', { fileId: id, material: materialName });
      if ((await this.totalBytes(tx.em, c.id)) + row.size > this.maxCaseBytes) {
        throw new AppException('CASE_FILES_TOO_LARGE', { maxCaseBytes: this.maxCaseBytes });
      }
      await this.attach(tx, c, materialName, row, null, actor);
    }
  }

  /** Names of the case's materials that have at least one file (in a transaction, as it sees them). */
  async materialsWithFiles(em: EntityManager, caseId: string): Promise<Set<string>> {
    const rows: { material_name: string }[] = await em.query(`select distinct material_name from case_files where case_id = $1`, [caseId]);
    return new Set(rows.map((r) => r.material_name));
  }

  /** Pages of the current files per material, for the 受理通知书. */
  async pagesByMaterial(caseId: string): Promise<Map<string, { files: number; pages: number }>> {
    const files = await this.dataSource.getRepository(CaseFile).find({ where: { caseId }, order: { addedAt: 'ASC', version: 'ASC' } });
    const out = new Map<string, { files: number; pages: number }>();
    for (const [name, chains] of fileChains(files)) {
      out.set(name, { files: chains.length, pages: chains.reduce((sum, ch) => sum + ch.current.pages, 0) });
    }
    return out;
  }

  async list(principal: StaffPrincipal, caseId: string): Promise<CaseMaterialsDto> {
    return this.materialsOf(await this.cases.readable(principal, caseId), true);
  }

  /** The applicant's view by case number and query code: the same list with signed links, counted as a case lookup. */
  async listForApplicant(caseNumber: string, queryCode: string, address: string): Promise<CaseMaterialsDto> {
    await this.limiter.hit(CASE_LOOKUP, address);
    const access = await this.cases.verifyCitizenAccess(caseNumber, queryCode);
    return this.materialsOf(await this.cases.load(access.caseId), false);
  }

  async open(principal: StaffPrincipal, caseId: string, fileId: string, rangeHeader: string | undefined): Promise<FileDownload> {
    await this.cases.readable(principal, caseId);
    const file = await this.dataSource.getRepository(CaseFile).findOneBy({ id: fileId, caseId });
    if (!file) throw new AppException('CASE_FILE_NOT_FOUND', { fileId });
    return this.read(file, rangeHeader);
  }

  /** A signed link: the browser's viewer and the applicant open files without a token. */
  async openSigned(fileId: string, expires: number, signature: string, rangeHeader: string | undefined): Promise<FileDownload> {
    const check = checkFileLink(this.secret, fileId, expires, signature, Math.floor(this.clock.now().getTime() / 1000));
    if (check === 'invalid') throw new AppException('FILE_LINK_INVALID');
    if (check === 'expired') throw new AppException('FILE_LINK_EXPIRED');
    const file = await this.dataSource.getRepository(CaseFile).findOneBy({ id: fileId });
    if (!file) throw new AppException('CASE_FILE_NOT_FOUND', { fileId });
    return this.read(file, rangeHeader);
  }

  /** Staged files never submitted (the applicant left, the clerk started over) and their bytes, and writes a crash cut off. */
  async sweepStaged(): Promise<number> {
    await this.storage.sweep(ABANDONED_WRITE_MS);
    const stale = await this.dataSource.getRepository(StagedFile).find({
      where: { uploadedAt: LessThan(new Date(this.clock.now().getTime() - STAGED_TTL_MS)) },
      take: 500,
    });
    for (const f of stale) {
      const [, deleted] = await this.dataSource.query(`delete from staged_files where id = $1`, [f.id]);
      if (deleted) await this.storage.delete(f.storageKey);
    }
    return stale.length;
  }

  private async read(file: CaseFile, rangeHeader: string | undefined): Promise<FileDownload> {
    const range = parseByteRange(rangeHeader, file.size);
    if (range === 'unsatisfiable') throw new AppException('RANGE_NOT_SATISFIABLE', { size: file.size });
    const object = await this.storage.get(file.storageKey, range ?? undefined);
    if (!object) throw new Error(`the bytes of case file ${file.id} (${file.storageKey}) are missing from storage`);
    return { file, body: object.body, range: object.range };
  }

  private async materialsOf(c: Case, staff: boolean): Promise<CaseMaterialsDto> {
    const [checklist, files, total] = await Promise.all([
      this.checklistOf(c),
      this.dataSource.getRepository(CaseFile).find({ where: { caseId: c.id }, order: { addedAt: 'ASC', version: 'ASC' } }),
      this.totalBytes(this.dataSource.manager, c.id),
    ]);
    const chains = fileChains(files);
    const view = (f: CaseFile) => this.view(f, staff);
    return {
      caseId: c.id,
      acceptsFiles: acceptsMaterialFiles(c.status),
      totalBytes: total,
      maxFileBytes: this.maxFileBytes,
      maxCaseBytes: this.maxCaseBytes,
      materials: checklist.map((m, index) => {
        const own = chains.get(m.name) ?? [];
        return {
          index,
          name: m.name,
          necessity: m.necessity,
          files: own.map((ch) => ({ current: view(ch.current), earlier: ch.earlier.map(view) })),
          pages: own.reduce((sum, ch) => sum + ch.current.pages, 0),
        };
      }),
    };
  }

  /** The checklist the case was decided on, or the item's for a case not decided yet. */
  private async checklistOf(c: Case): Promise<{ name: string; necessity: MaterialNecessity }[]> {
    if (c.materials.length > 0) return c.materials;
    const item = await this.catalog.getItem(c.itemId);
    return item.materials.map((m) => ({ name: m.name, necessity: m.necessity }));
  }

  private view(f: CaseFile, staff = true): CaseFileDto {
    const expires = Math.floor(this.clock.now().getTime() / 1000) + this.config.FILE_LINK_TTL_SECONDS;
    const url = `/api/files/${f.id}?exp=${expires}&sig=${signFileLink(this.secret, f.id, expires)}`;
    return {
      id: f.id,
      materialName: f.materialName,
      version: f.version,
      replacesId: f.replacesId,
      fileName: f.fileName,
      mediaType: f.mediaType,
      size: f.size,
      pages: f.pages,
      sha256: f.sha256,
      addedBy: staff ? f.addedBy : null,
      addedByRole: f.addedByRole,
      addedAt: f.addedAt,
      url,
      urlExpiresAt: new Date(expires * 1000),
    };
  }

  private async attach(
    tx: CaseTx,
    c: Case,
    materialName: string,
    stored: StoredUpload,
    previous: CaseFile | null,
    actor: CaseActor,
  ): Promise<CaseFile> {
    const file: CaseFile = {
      id: randomUUID(),
      caseId: c.id,
      hallId: c.hallId,
      materialName,
      version: previous ? previous.version + 1 : 1,
      replacesId: previous?.id ?? null,
      ...storedColumns(stored),
      addedBy: actor.id,
      addedByRole: actor.role,
      addedAt: tx.now,
    };
    await tx.em.insert(CaseFile, file);
    await tx.note(c, previous ? 'replace_file' : 'add_file', actor, {
      data: {
        fileId: file.id,
        material: materialName,
        version: file.version,
        replacesId: file.replacesId,
        fileName: file.fileName,
        mediaType: file.mediaType,
        size: file.size,
        pages: file.pages,
        sha256: file.sha256,
      },
    });
    return file;
  }

  private async replaceable(em: EntityManager, caseId: string, materialName: string, fileId: string): Promise<CaseFile> {
    const previous = await em.getRepository(CaseFile).findOneBy({ id: fileId, caseId });
    if (!previous || previous.materialName !== materialName)
      throw new AppException('CASE_FILE_NOT_FOUND', { fileId, material: materialName });
    if (await em.getRepository(CaseFile).existsBy({ replacesId: fileId })) throw new AppException('FILE_ALREADY_REPLACED', { fileId });
    return previous;
  }

  private async totalBytes(em: EntityManager, caseId: string): Promise<number> {
    const [row] = await em.query(`select coalesce(sum(size), 0)::float8 as total from case_files where case_id = $1`, [caseId]);
    return row.total;
  }

  /** Streams the part through the inspector into storage under a fresh key; nothing is kept when it fails. */
  private async store(part: UploadPart, maxBytes: number, tooLarge: ErrorCode): Promise<StoredUpload> {
    const key = `case-files/${randomUUID()}`;
    const inspector = new MaterialInspector(maxBytes, () => new AppException(tooLarge, { maxBytes }));
    let failure = null as Error | null;
    pipeline(part.stream, inspector, (err) => {
      if (err) failure = err;
    });
    try {
      const mediaType = await inspector.identified;
      await this.storage.put(key, inspector, mediaType);
      if (failure) throw failure;
      const facts = await inspector.result();
      return { ...facts, key, fileName: cleanFileName(part.fileName, `material.${EXTENSIONS[facts.mediaType]}`) };
    } catch (err) {
      part.stream.resume();
      await this.storage.delete(key).catch(() => undefined);
      // The inspector's refusal says more than the storage's "stream destroyed"; a body that broke off is the client's.
      const cause = failure as Error | null;
      if (cause instanceof AppException) throw cause;
      if (err instanceof AppException) throw err;
      if (cause) throw new AppException('FILE_UPLOAD_INCOMPLETE', { why: cause.message });
      throw err;
    }
  }

  private async orForget<T>(key: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      await this.storage.delete(key).catch(() => undefined);
      throw err;
    }
  }
}
