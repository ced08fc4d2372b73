import {
  applyDecorators,
  Controller,
  createParamDecorator,
  ExecutionContext,
  Get,
  Ip,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Req,
  Res,
  Type,
} from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import '@fastify/multipart';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { StaffPrincipal } from '../auth/principal';
import { Public, Roles } from '../auth/roles.decorator';
import { HallScoped } from '../auth/hall-scope.decorator';
import { AppException } from '../common/errors/app-exception';
import { UUID } from '../common/http/uuid.pipe';
import { CaseFilesService, FileDownload, UploadPart } from './case-files.service';
import { CaseFileDto, CaseMaterialsDto, DownloadQuery, SignedDownloadQuery, StagedFileDto, UploadQuery } from './dto/case-file.dto';
import { CaseLookupQuery } from './dto/pickup.dto';
import { FILE_CSP } from '../common/http/security-headers';
import { Answers, Downloads, type Operation } from '../common/http/route-decorators';

const INDEX = new ParseIntPipe({ exceptionFactory: () => new AppException('MATERIAL_NOT_FOUND') });

const UPLOAD_ERRORS =
  '415 MULTIPART_REQUIRED, FILE_TYPE_NOT_ALLOWED (type read from the bytes: a .pdf that is an executable is refused); ' +
  '422 FILE_CORRUPT; 413 FILE_TOO_LARGE (MATERIAL_FILE_MAX_MB), CASE_FILES_TOO_LARGE (MATERIAL_CASE_MAX_MB); 400 FILE_MISSING, FILE_EMPTY, ' +
  'FILE_UPLOAD_INCOMPLETE (the body broke off: nothing was kept).';
const FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];

/**
 * A route that takes one material file (multipart, field "file": see filePart) and answers 201 with `type`;
 * `errors` are its refusals besides those of every upload. The route config lets the multipart body
 * through (configureApp: every other route takes JSON only).
 */
export const Uploads = (summary: string, errors: string, type: Type) =>
  applyDecorators(
    RouteConfig({ multipart: true }),
    ApiOperation({ summary, description: `${UPLOAD_ERRORS} ${errors}` }),
    ApiConsumes('multipart/form-data'),
    ApiBody({
      schema: {
        type: 'object',
        required: ['file'],
        properties: { file: { type: 'string', format: 'binary', description: 'A PDF, JPEG or PNG' } },
      },
    }),
    ApiCreatedResponse({ type }),
  );

/** A file's bytes, the whole file or the part a Range header asks for (read with RangeHeader). */
const FileBytes = (op: Operation) =>
  applyDecorators(
    Downloads(op, FILE_TYPES, "The file's bytes (206 with Content-Range for a Range request)"),
    ApiHeader({ name: 'Range', required: false, description: 'bytes=first-last' }),
  );

/** The request's Range header, if any (documented by FileBytes). */
const RangeHeader = createParamDecorator(
  (_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<FastifyRequest>().headers.range,
);

/** The one file of a multipart request, as a stream: nothing is buffered here. */
export async function filePart(req: FastifyRequest, maxBytes: number): Promise<UploadPart> {
  if (!req.isMultipart()) throw new AppException('MULTIPART_REQUIRED');
  let part;
  try {
    // The inspector enforces the limit with the right code; busboy's own is only a backstop above it.
    part = await req.file({ limits: { files: 1, fileSize: maxBytes + 1, fields: 10, fieldSize: 1000, parts: 11 } });
  } catch (err) {
    throw new AppException('FILE_UPLOAD_INCOMPLETE', { why: (err as Error).message });
  }
  if (!part) throw new AppException('FILE_MISSING');
  return { stream: part.file, fileName: part.filename };
}

/** RFC 6266: an ASCII fallback name and the real one in UTF-8. */
function disposition(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

function send(reply: FastifyReply, d: FileDownload, download: boolean, cacheControl: string): FastifyReply {
  const { file } = d;
  reply
    .header('Content-Type', file.mediaType)
    .header('X-Content-Type-Options', 'nosniff')
    .header('X-Frame-Options', 'SAMEORIGIN')
    .header('Content-Security-Policy', FILE_CSP)
    .header('Accept-Ranges', 'bytes')
    .header('ETag', `"${file.sha256}"`)
    .header('Cache-Control', cacheControl)
    .header('Content-Disposition', disposition(download ? 'attachment' : 'inline', file.fileName));
  if (d.range) {
    reply
      .code(206)
      .header('Content-Range', `bytes ${d.range.start}-${d.range.end}/${file.size}`)
      .header('Content-Length', d.range.end - d.range.start + 1);
  } else {
    reply.header('Content-Length', file.size);
  }
  return reply.send(d.body);
}

/** Material files (材料电子化): uploads at the window and in the back office, the case's files and their versions, downloads. */
@ApiTags('cases: material files')
@Controller()
export class CaseFilesController {
  constructor(private readonly files: CaseFilesService) {}

  @Post('halls/:hallId/uploads')
  @HallScoped()
  @Roles('clerk')
  @ApiBearerAuth()
  @Uploads(
    'Upload a material file for an application being filled in at the window (multipart, field "file"); attach it by naming its id in the application\'s materials[].fileIds',
    'A staged file never attached is removed after 24 hours.',
    StagedFileDto,
  )
  async stage(@CurrentPrincipal() p: StaffPrincipal, @Param('hallId', UUID) hallId: string, @Req() req: FastifyRequest) {
    return this.files.stage(p, hallId, () => filePart(req, this.files.maxFileBytes));
  }

  @Post('cases/:caseId/materials/:index/files')
  @Roles('clerk', 'approver')
  @ApiBearerAuth()
  @Uploads(
    'Add a file to material {index} of the case\'s checklist, or a corrected version of ?replaces=<fileId> (multipart, field "file"); a case event records it',
    '404 MATERIAL_NOT_FOUND, CASE_FILE_NOT_FOUND; 409 CASE_FILES_CLOSED (only received, correction_requested, accepted, in_review and suspended cases take files), FILE_ALREADY_REPLACED; 403 as for reading the case.',
    CaseFileDto,
  )
  async upload(
    @CurrentPrincipal() p: StaffPrincipal,
    @Param('caseId', UUID) caseId: string,
    @Param('index', INDEX) index: number,
    @Query() query: UploadQuery,
    @Req() req: FastifyRequest,
  ) {
    return this.files.upload(p, caseId, index, query.replaces, () => filePart(req, this.files.maxFileBytes));
  }

  @Get('cases/:caseId/materials')
  @Roles('clerk', 'approver', 'manager')
  @ApiBearerAuth()
  @Answers(
    {
      summary:
        "The case's checklist with its files: each file as it stands with its earlier versions, pages, and signed links for the viewer",
    },
    CaseMaterialsDto,
  )
  list(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string) {
    return this.files.list(p, caseId);
  }

  @Get('cases/:caseId/files/:fileId')
  @Roles('clerk', 'approver', 'manager')
  @ApiBearerAuth()
  @FileBytes({
    summary: "A file's bytes, streamed (Range supported; ?download=1 for an attachment)",
    description: '416 RANGE_NOT_SATISFIABLE',
  })
  async download(
    @CurrentPrincipal() p: StaffPrincipal,
    @Param('caseId', UUID) caseId: string,
    @Param('fileId', UUID) fileId: string,
    @Query() query: DownloadQuery,
    @RangeHeader() range: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    return send(reply, await this.files.open(p, caseId, fileId, range), query.download === '1', 'private, no-cache');
  }

  @Get('files/:fileId')
  @Public()
  @FileBytes({
    summary:
      "A file through a signed link (from the materials list): for the browser's viewer and the applicant; expires after FILE_LINK_TTL_SECONDS",
    description: '403 FILE_LINK_INVALID; 410 FILE_LINK_EXPIRED; 416 RANGE_NOT_SATISFIABLE',
  })
  async signed(
    @Param('fileId', UUID) fileId: string,
    @Query() query: SignedDownloadQuery,
    @RangeHeader() range: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const d = await this.files.openSigned(fileId, Number(query.exp), query.sig, range);
    // Files never change, so the browser may keep the bytes as long as the link lives.
    return send(reply, d, query.download === '1', 'private, max-age=600, immutable');
  }

  @Get('case-materials')
  @Public()
  @Answers(
    {
      summary: "The applicant's own case's materials by case number and query code, with signed links that expire",
      description: '404 CASE_NOT_FOUND for a wrong number or code alike; 429 when one address looks up cases too often.',
    },
    CaseMaterialsDto,
  )
  applicant(@Query() query: CaseLookupQuery, @Ip() ip: string) {
    return this.files.listForApplicant(query.no, query.code, ip);
  }
}
