import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { CaseFilesService } from '../src/cases/case-files.service';
import { Clock } from '../src/common/time/clock';
import { apply, ItemShape, itemsByName, local, ok, ZHANG_SAN } from './support/case-helpers';
import { ManualClock } from './support/manual-clock';
import { bigJpeg, CORRUPT_PDF, EXECUTABLE, JPEG, pdfOf, PNG } from './support/material-fixtures';
import { auth } from './support/queue-helpers';
import { createTestApp, TestApp } from './support/test-app';

/** Monday 2 March 2026 in the demo hall. */
const clock = new ManualClock(local('2026-03-02T09:00:00'));
const MiB = 1024 * 1024;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface Staged {
  id: string;
  mediaType: string;
  pages: number;
  size: number;
  sha256: string;
  fileName: string;
}
interface FileView {
  id: string;
  version: number;
  replacesId: string | null;
  pages: number;
  mediaType: string;
  url: string;
  materialName: string;
  sha256: string;
}
interface Materials {
  acceptsFiles: boolean;
  totalBytes: number;
  materials: { index: number; name: string; pages: number; files: { current: FileView; earlier: FileView[] }[] }[];
}

describe("material files: uploads at the window, the case's files and versions, downloads", () => {
  let t: TestApp;
  let items: Record<string, ItemShape>;
  let clerk: string;
  let clerk2: string;
  let approver: string;
  let otherApprover: string;
  let manager: string;
  let outsider: string;

  beforeAll(async () => {
    // Small limits, so that the limits can be reached with small files.
    t = await createTestApp({
      listen: true,
      overrides: [{ provide: Clock, useValue: clock }],
      env: { CASE_SWEEP_INTERVAL_SECONDS: '0', MATERIAL_FILE_MAX_MB: '1', MATERIAL_CASE_MAX_MB: '3', FILE_LINK_TTL_SECONDS: '600' },
    });
    items = await itemsByName(t);
    [clerk, clerk2, approver, otherApprover, manager] = await Promise.all(
      ['clerk1', 'clerk2', 'approver-scjg', 'approver-sw', 'manager'].map((u) => t.login(u)),
    );
    const admin = await t.login('admin');
    const hall = await ok<{ id: string }>(t.http.post('/api/halls').set(auth(admin)).send({ code: 'OTHER', name: '另一个大厅' }), 201);
    await ok(
      t.http
        .post('/api/users')
        .set(auth(await t.login('security')))
        .send({
          username: 'other-clerk',
          password: 'Outside-hall#2026',
          displayName: '外厅窗口',
          role: 'clerk',
          hallIds: [hall.id],
        }),
      201,
    );
    outsider = await t.login('other-clerk', 'Outside-hall#2026');
  });
  afterAll(() => t.close());

  const stage = (token: string, bytes: Buffer, filename: string) =>
    t.http
      .post(`/api/halls/${t.hallId}/uploads`)
      .set(auth(token))
      .attach('file', bytes, { filename, contentType: 'application/octet-stream' });
  const upload = (token: string, caseId: string, index: number, bytes: Buffer, filename: string, replaces?: string) =>
    t.http
      .post(`/api/cases/${caseId}/materials/${index}/files${replaces ? `?replaces=${replaces}` : ''}`)
      .set(auth(token))
      .attach('file', bytes, { filename, contentType: 'application/pdf' });
  const materials = (token: string, caseId: string) => ok<Materials>(t.http.get(`/api/cases/${caseId}/materials`).set(auth(token)));
  const counts = async () => {
    const [row] = await t.dataSource
      .query(`select (select count(*) from storage_objects)::int as objects, (select count(*) from storage_chunks)::int as chunks,
      (select count(*) from case_files)::int as files, (select count(*) from staged_files)::int as staged`);
    return row as { objects: number; chunks: number; files: number; staged: number };
  };

  /** 食品经营许可 accepted with the files given, and a scanned page (PNG) of each other material. */
  async function foodCase(fileIds: Record<string, string[]> = {}) {
    const food = items['食品经营许可'];
    const body = {
      applicant: ZHANG_SAN,
      items: [
        {
          itemId: food.id,
          decision: 'accept',
          materials: food.materials.map((m) => ({ name: m.name, provided: !fileIds[m.name], fileIds: fileIds[m.name] })),
        },
      ],
    };
    const res = await ok<{ cases: { id: string; status: string; version: number; materials: { name: string; provided: boolean }[] }[] }>(
      apply(t, clerk, body),
      201,
    );
    return res.cases[0];
  }

  let accepted: { id: string; version: number };
  let pdfFile: FileView;

  it('reads the type and pages from the bytes, and the files a clerk staged join the case at acceptance, ticking their materials', async () => {
    const pdf = await pdfOf(3);
    const staged = await ok<Staged>(stage(clerk, pdf, 'C:\\scans\\申请书.bin'), 201);
    expect(staged).toMatchObject({ mediaType: 'application/pdf', pages: 3, size: pdf.length, sha256: sha(pdf), fileName: '申请书.bin' });
    const photo = await ok<Staged>(stage(clerk, JPEG, 'license.pdf'), 201);
    expect(photo).toMatchObject({ mediaType: 'image/jpeg', pages: 1, sha256: sha(JPEG) });
    const png = await ok<Staged>(stage(clerk, PNG, 'layout.png'), 201);
    expect(png).toMatchObject({ mediaType: 'image/png', pages: 1 });

    const food = items['食品经营许可'];
    const [first, second, , fourth] = food.materials.map((m) => m.name);
    // provided: false for the three, yet accepted: the files are what counts.
    const c = await foodCase({ [first]: [staged.id], [second]: [photo.id], [fourth]: [png.id] });
    expect(c.status).toBe('accepted');
    expect(c.materials.filter((m) => m.provided).map((m) => m.name)).toEqual(food.materials.map((m) => m.name));
    accepted = c;

    const list = await materials(clerk, c.id);
    expect(list.acceptsFiles).toBe(true);
    expect(list.materials.map((m) => [m.name, m.pages, m.files.length])).toEqual(
      food.materials.map((m) => [m.name, m.name === first ? 3 : 1, 1]),
    );
    pdfFile = list.materials[0].files[0].current;
    expect(pdfFile).toMatchObject({ version: 1, replacesId: null, pages: 3, mediaType: 'application/pdf', sha256: sha(pdf) });
    expect((await counts()).staged).toBe(0);

    const events = await ok<{ move: string; data: Record<string, unknown> }[]>(t.http.get(`/api/cases/${c.id}/events`).set(auth(clerk)));
    expect(events.map((e) => e.move)).toEqual(['receive', ...food.materials.map(() => 'add_file'), 'accept']);
    expect(events[1].data).toMatchObject({ material: first, version: 1, pages: 3, mediaType: 'application/pdf', sha256: sha(pdf) });

    // The staff download: the same bytes, the type, inline with the name, never sniffed; and a range of them.
    const got = await t.http
      .get(`/api/cases/${c.id}/files/${pdfFile.id}`)
      .set(auth(approver))
      .buffer(true)
      .parse((res, cb) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => cb(null, Buffer.concat(parts)));
      });
    expect(got.status).toBe(200);
    expect(sha(got.body as Buffer)).toBe(sha(pdf));
    expect(got.headers).toMatchObject({
      'content-type': 'application/pdf',
      'x-content-type-options': 'nosniff',
      'accept-ranges': 'bytes',
      'content-length': String(pdf.length),
    });
    expect(got.headers['content-disposition']).toBe(`inline; filename="___.bin"; filename*=UTF-8''${encodeURIComponent('申请书.bin')}`);
    const part = await t.http
      .get(`/api/cases/${c.id}/files/${pdfFile.id}`)
      .set(auth(clerk))
      .set('Range', 'bytes=0-7')
      .buffer(true)
      .parse((res, cb) => {
        const p: Buffer[] = [];
        res.on('data', (d: Buffer) => p.push(d));
        res.on('end', () => cb(null, Buffer.concat(p)));
      });
    expect(part.status).toBe(206);
    expect((part.body as Buffer).toString()).toBe('%PDF-1.7');
    expect(part.headers['content-range']).toBe(`bytes 0-7/${pdf.length}`);
    const beyond = await t.http.get(`/api/cases/${c.id}/files/${pdfFile.id}`).set(auth(clerk)).set('Range', `bytes=${pdf.length}-`);
    expect(beyond.status).toBe(416);

    // The 受理通知书 lists what was received, with pages.
    const notice = await t.http.get(`/api/cases/${c.id}/documents/acceptance-notice`).set(auth(clerk)).expect(200);
    expect(notice.text).toContain(`<td>${first}</td><td>电子版 1 份，共 3 页</td>`);
    expect(notice.text).toContain(`<td>${food.materials[2].name}</td><td>电子版 1 份，共 1 页</td>`);
  });

  it('keeps every version of a corrected file, each a case event, and the rows cannot be changed', async () => {
    const v2 = await ok<FileView>(upload(clerk, accepted.id, 0, await pdfOf(2), '申请书（更正）.pdf', pdfFile.id), 201);
    expect(v2).toMatchObject({ version: 2, replacesId: pdfFile.id, pages: 2 });
    const v3 = await ok<FileView>(upload(approver, accepted.id, 0, JPEG, 'scan.jpg', v2.id), 201);
    expect(v3).toMatchObject({ version: 3, replacesId: v2.id, mediaType: 'image/jpeg' });
    const again = await upload(clerk, accepted.id, 0, JPEG, 'scan.jpg', pdfFile.id);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('FILE_ALREADY_REPLACED');

    const list = await materials(manager, accepted.id);
    const chain = list.materials[0].files;
    expect(chain).toHaveLength(1);
    expect(chain[0].current.id).toBe(v3.id);
    expect(chain[0].earlier.map((f) => f.version)).toEqual([2, 1]);
    expect(list.materials[0].pages).toBe(1);

    const events = await ok<{ move: string; data: { version: number } }[]>(t.http.get(`/api/cases/${accepted.id}/events`).set(auth(clerk)));
    expect(events.filter((e) => e.move === 'replace_file').map((e) => e.data.version)).toEqual([2, 3]);
    await expect(t.dataSource.query(`update case_files set file_name = 'x' where id = $1`, [v2.id])).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`delete from case_files where id = $1`, [v2.id])).rejects.toThrow(/append-only/);
  });

  it('refuses by the bytes: an executable named .pdf, a corrupt PDF, a cut-off image, an empty file; and keeps nothing of them', async () => {
    const before = await counts();
    const refusals: [Buffer, string, number, string][] = [
      [EXECUTABLE, 'invoice.pdf', 415, 'FILE_TYPE_NOT_ALLOWED'],
      [Buffer.from('just some text, not a scan'), 'notes.pdf', 415, 'FILE_TYPE_NOT_ALLOWED'],
      [CORRUPT_PDF, 'broken.pdf', 422, 'FILE_CORRUPT'],
      [(await pdfOf(1)).subarray(0, 400), 'cut.pdf', 422, 'FILE_CORRUPT'],
      [JPEG.subarray(0, JPEG.length - 40), 'cut.jpg', 422, 'FILE_CORRUPT'],
      [PNG.subarray(0, PNG.length - 12), 'cut.png', 422, 'FILE_CORRUPT'],
      [Buffer.alloc(0), 'empty.pdf', 400, 'FILE_EMPTY'],
    ];
    for (const [bytes, name, status, code] of refusals) {
      for (const res of [await stage(clerk, bytes, name), await upload(clerk, accepted.id, 1, bytes, name)]) {
        expect([name, res.status, res.body.code]).toEqual([name, status, code]);
      }
    }
    expect(await counts()).toEqual(before);
    const exe = await stage(clerk, EXECUTABLE, 'invoice.pdf');
    expect(exe.body.details).toEqual({ detected: 'application/x-msdownload' });
  });

  it('holds to the per-file and per-case limits', async () => {
    const big = bigJpeg(1.5 * MiB);
    const chunks: Buffer[] = [];
    for await (const c of big.stream()) chunks.push(c as Buffer);
    const tooBig = await stage(clerk, Buffer.concat(chunks), 'big.jpg');
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.code).toBe('FILE_TOO_LARGE');

    const c = await foodCase();
    const nearlyOneMiB = bigJpeg(0.9 * MiB);
    const parts: Buffer[] = [];
    for await (const p of nearlyOneMiB.stream()) parts.push(p as Buffer);
    const file = Buffer.concat(parts);
    for (let i = 0; i < 3; i++) await ok(upload(clerk, c.id, 2, file, `p${i}.jpg`), 201);
    const before = await counts();
    const over = await upload(clerk, c.id, 2, file, 'p3.jpg');
    expect(over.status).toBe(413);
    expect(over.body.code).toBe('CASE_FILES_TOO_LARGE');
    expect(await counts()).toEqual(before);
    expect((await materials(clerk, c.id)).totalBytes).toBe(3 * file.length + items['食品经营许可'].materials.length * PNG.length);
  });

  it('lets in only staff who may see the case, and only clerks and approvers add files', async () => {
    const forbidden: [string, string][] = [
      [outsider, 'HALL_ACCESS_DENIED'],
      [otherApprover, 'CASE_OF_OTHER_DEPARTMENT'],
    ];
    for (const [token, code] of forbidden) {
      for (const res of [
        await t.http.get(`/api/cases/${accepted.id}/materials`).set(auth(token)),
        await t.http.get(`/api/cases/${accepted.id}/files/${pdfFile.id}`).set(auth(token)),
        await upload(token, accepted.id, 1, JPEG, 'x.jpg'),
      ]) {
        expect([res.status, res.body.code]).toEqual([403, code]);
      }
    }
    expect((await stage(outsider, JPEG, 'x.jpg')).status).toBe(403);
    expect((await upload(manager, accepted.id, 1, JPEG, 'x.jpg')).status).toBe(403);
    // A file of another case through this case's path is not found.
    const other = await foodCase();
    expect((await t.http.get(`/api/cases/${other.id}/files/${pdfFile.id}`).set(auth(clerk))).status).toBe(404);

    // A staged file is its uploader's: another clerk cannot attach it, and the application changes nothing.
    const staged = await ok<Staged>(stage(clerk, JPEG, 'mine.jpg'), 201);
    const [{ count: casesBefore }] = await t.dataSource.query(`select count(*)::int as count from cases`);
    const food = items['食品经营许可'];
    const res = await apply(t, clerk2, {
      applicant: ZHANG_SAN,
      items: [
        {
          itemId: food.id,
          decision: 'accept',
          materials: food.materials.map((m, i) => ({ name: m.name, provided: i > 0, fileIds: i === 0 ? [staged.id] : undefined })),
        },
      ],
    });
    expect([res.status, res.body.code]).toEqual([400, 'UPLOAD_NOT_FOUND']);
    const [{ count: casesAfter }] = await t.dataSource.query(`select count(*)::int as count from cases`);
    expect(casesAfter).toBe(casesBefore);
    expect((await counts()).staged).toBeGreaterThanOrEqual(1);
  });

  it('gives the applicant signed links that work without a login and stop working when they expire', async () => {
    const [{ case_number: no, query_code: code }] = await t.dataSource.query(`select case_number, query_code from cases where id = $1`, [
      accepted.id,
    ]);
    const wrong = await t.http.get('/api/case-materials').query({ no, code: 'WRONGCODE' });
    expect([wrong.status, wrong.body.code]).toEqual([404, 'CASE_NOT_FOUND']);
    const list = await ok<Materials>(t.http.get('/api/case-materials').query({ no, code }));
    const file = list.materials[1].files[0].current;
    expect(file.mediaType).toBe('image/jpeg');
    const got = await t.http
      .get(file.url)
      .buffer(true)
      .parse((res, cb) => {
        const p: Buffer[] = [];
        res.on('data', (d: Buffer) => p.push(d));
        res.on('end', () => cb(null, Buffer.concat(p)));
      });
    expect(got.status).toBe(200);
    expect(sha(got.body as Buffer)).toBe(sha(JPEG));
    expect(got.headers['content-type']).toBe('image/jpeg');

    const tampered = file.url.replace(/exp=(\d+)/, (_, e: string) => `exp=${Number(e) + 3600}`);
    expect((await t.http.get(tampered)).body.code).toBe('FILE_LINK_INVALID');
    const otherFile = list.materials[0].files[0].current.id;
    expect((await t.http.get(file.url.replace(file.id, otherFile))).status).toBe(403);

    clock.advance(601_000);
    const expired = await t.http.get(file.url);
    expect([expired.status, expired.body.code]).toEqual([410, 'FILE_LINK_EXPIRED']);
    clock.advance(-601_000);
  });

  it('takes multipart only on the upload routes, and the upload routes take nothing else', async () => {
    const json = await t.http.post(`/api/cases/${accepted.id}/materials/0/files`).set(auth(clerk)).send({ file: 'x' });
    expect([json.status, json.body.code]).toEqual([415, 'MULTIPART_REQUIRED']);
    const form = await t.http.post(`/api/cases/${accepted.id}/withdraw`).set(auth(clerk)).attach('file', JPEG, 'x.jpg');
    expect([form.status, form.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const noFile = await t.http.post(`/api/cases/${accepted.id}/materials/0/files`).set(auth(clerk)).field('note', 'x');
    expect([noFile.status, noFile.body.code]).toEqual([400, 'FILE_MISSING']);
    expect((await upload(clerk, accepted.id, 99, JPEG, 'x.jpg')).body.code).toBe('MATERIAL_NOT_FOUND');
  });

  it('takes no files once the case is closed', async () => {
    const food = items['食品经营许可'];
    const res = await ok<{ cases: { id: string }[] }>(
      apply(t, clerk, {
        applicant: ZHANG_SAN,
        items: [{ itemId: food.id, decision: 'refuse', reason: '不属于本机关职权范围', materials: [] }],
      }),
      201,
    );
    const closed = await upload(clerk, res.cases[0].id, 0, JPEG, 'x.jpg');
    expect([closed.status, closed.body.code]).toEqual([409, 'CASE_FILES_CLOSED']);
    expect((await materials(clerk, res.cases[0].id)).acceptsFiles).toBe(false);
  });

  it('leaves nothing behind when the upload is cut off half-way, and the case unchanged', async () => {
    const c = await foodCase();
    const before = await counts();
    const url = new URL(t.url);
    const boundary = 'cut-off-boundary';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    );
    const big = bigJpeg(0.9 * MiB);
    let storing = false;
    await new Promise<void>((resolve) => {
      const req = httpRequest({
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: `/api/cases/${c.id}/materials/0/files`,
        headers: {
          ...auth(clerk),
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': String(head.length + big.size + 100),
        },
      });
      req.on('error', () => resolve());
      req.on('response', () => resolve());
      req.write(head);
      let sent = 0;
      const body = big.stream();
      body.on('data', async (chunk: Buffer) => {
        sent += chunk.length;
        req.write(chunk);
        if (sent <= big.size / 2) return;
        // Half-way, once the server has begun writing the object away, the client goes away.
        body.destroy();
        for (let i = 0; i < 50 && !storing; i++) {
          storing = (await counts()).objects > before.objects;
          if (!storing) await new Promise((r) => setTimeout(r, 100));
        }
        req.destroy();
        resolve();
      });
    });
    expect(storing).toBe(true);
    // The server notices, and removes what it wrote.
    for (let i = 0; i < 100 && (await counts()).objects > before.objects; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await counts()).toEqual(before);
    const [{ version }] = await t.dataSource.query(`select version from cases where id = $1`, [c.id]);
    expect(version).toBe(c.version);
  });

  it('refuses a tick without a file for a material that is not 容缺, and keeps the 容缺 one owed or ticked as seen', async () => {
    const food = items['食品经营许可'];
    const notDeferrable = food.materials.filter((m) => m.necessity !== 'deferrable').map((m) => m.name);
    const deferrable = food.materials.filter((m) => m.necessity === 'deferrable').map((m) => m.name);
    expect(deferrable.length).toBeGreaterThan(0);
    const page = await ok<Staged>(stage(clerk, PNG, 'page.png'), 201);
    const before = { ...(await counts()), cases: (await t.dataSource.query(`select count(*)::int as n from cases`))[0].n };
    const bare = await t.http
      .post(`/api/halls/${t.hallId}/applications`)
      .set(auth(clerk))
      .send({
        applicant: ZHANG_SAN,
        items: [
          {
            itemId: food.id,
            decision: 'accept',
            materials: food.materials.map((m, i) => ({ name: m.name, provided: true, ...(i === 0 ? { fileIds: [page.id] } : {}) })),
          },
        ],
      });
    expect({ status: bare.status, code: bare.body.code }).toEqual({ status: 400, code: 'MATERIAL_NOT_ATTACHED' });
    expect(bare.body.details.materials).toEqual(notDeferrable.slice(1));
    expect(bare.body.message).toContain(notDeferrable[1]);
    // Refused whole: the staged page is still staged, no case was made.
    expect({ ...(await counts()), cases: (await t.dataSource.query(`select count(*)::int as n from cases`))[0].n }).toEqual(before);

    // With a page for each material that is not 容缺, a 容缺 one ticked bare (seen on paper) counts as there.
    const seen = await ok<{ cases: { status: string; materials: { name: string; provided: boolean }[] }[] }>(
      apply(t, clerk, {
        applicant: ZHANG_SAN,
        items: [{ itemId: food.id, decision: 'accept', materials: food.materials.map((m) => ({ name: m.name, provided: true })) }],
      }),
      201,
    );
    expect(seen.cases[0].materials.every((m) => m.provided)).toBe(true);
  });

  it('removes staged files nobody attached after a day, with their bytes', async () => {
    const staged = await ok<Staged>(stage(clerk, PNG, 'left-behind.png'), 201);
    const [{ storage_key: key }] = await t.dataSource.query(`select storage_key from staged_files where id = $1`, [staged.id]);
    const sweep = () => t.app.get(CaseFilesService).sweepStaged();
    await sweep();
    expect(await t.dataSource.query(`select 1 from staged_files where id = $1`, [staged.id])).toHaveLength(1);
    clock.advance(25 * 3600 * 1000);
    try {
      await sweep();
    } finally {
      clock.advance(-25 * 3600 * 1000);
    }
    expect(await t.dataSource.query(`select 1 from staged_files where id = $1`, [staged.id])).toHaveLength(0);
    expect(await t.dataSource.query(`select 1 from storage_objects where key = $1`, [key])).toHaveLength(0);
    // The files that joined cases are not staged any more, so nothing of theirs went.
    const [{ n }] = await t.dataSource.query(`select count(*)::int as n from case_files f join storage_objects o on o.key = f.storage_key`);
    const [{ files }] = await t.dataSource.query(`select count(*)::int as files from case_files`);
    expect(n).toBe(files);
  });
});
