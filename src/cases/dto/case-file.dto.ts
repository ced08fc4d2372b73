import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { MATERIAL_MEDIA_TYPES } from '../material-inspection';
import { NECESSITIES } from '../../catalog/domain/catalog-types';
import { CASE_ACTOR_ROLES } from './case.dto';
import { OptionalUuidField } from '../../common/validation/uuid-field';

export class StagedFileDto {
  @ApiProperty({ format: 'uuid', description: "Name it in the application's materials[].fileIds to attach it" }) id: string;
  @ApiProperty({ example: '营业执照.pdf' }) fileName: string;
  @ApiProperty({ enum: MATERIAL_MEDIA_TYPES, description: 'Read from the bytes, not the name' }) mediaType: string;
  @ApiProperty({ description: 'Bytes' }) size: number;
  @ApiProperty({ description: "A PDF's page count; an image is one page" }) pages: number;
  @ApiProperty({ description: 'SHA-256 of the bytes, hex' }) sha256: string;
  @ApiProperty() uploadedAt: Date;
}

export class CaseFileDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '营业执照', description: "The material of the case's checklist it answers" }) materialName: string;
  @ApiProperty({ description: '1 for a first upload; a correction is the next version of the file it replaces' }) version: number;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) replacesId: string | null;
  @ApiProperty() fileName: string;
  @ApiProperty({ enum: MATERIAL_MEDIA_TYPES }) mediaType: string;
  @ApiProperty() size: number;
  @ApiProperty() pages: number;
  @ApiProperty() sha256: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) addedBy: string | null;
  @ApiProperty({ enum: CASE_ACTOR_ROLES }) addedByRole: string;
  @ApiProperty() addedAt: Date;
  @ApiProperty({ description: 'A signed link to the bytes (for <img>/<iframe> and the applicant), valid until urlExpiresAt' }) url: string;
  @ApiProperty() urlExpiresAt: Date;
}

export class CaseFileChainDto {
  @ApiProperty({ type: CaseFileDto, description: 'The file as it stands' }) current: CaseFileDto;
  @ApiProperty({ type: [CaseFileDto], description: 'The versions it corrected, newest first (kept, never removed)' })
  earlier: CaseFileDto[];
}

export class CaseMaterialFilesDto {
  @ApiProperty({ description: "Position in the case's checklist: the {index} of the upload route" }) index: number;
  @ApiProperty() name: string;
  @ApiProperty({ enum: NECESSITIES }) necessity: string;
  @ApiProperty({ type: [CaseFileChainDto] }) files: CaseFileChainDto[];
  @ApiProperty({ description: 'Pages of the current files' }) pages: number;
}

export class CaseMaterialsDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({
    description: "Whether the case's status takes new files (received, correction_requested, accepted, in_review, suspended)",
  })
  acceptsFiles: boolean;
  @ApiProperty({ description: 'Bytes of every version of every file' }) totalBytes: number;
  @ApiProperty({ description: 'Per-file limit, bytes' }) maxFileBytes: number;
  @ApiProperty({ description: 'Per-case limit, bytes' }) maxCaseBytes: number;
  @ApiProperty({ type: [CaseMaterialFilesDto] }) materials: CaseMaterialFilesDto[];
}

export class UploadQuery {
  @OptionalUuidField('The file this one corrects (a new version; the old one is kept)')
  replaces?: string;
}

export class DownloadQuery {
  @ApiPropertyOptional({ enum: ['1'], description: 'Content-Disposition: attachment instead of inline' })
  @IsOptional()
  @IsIn(['1'])
  download?: '1';
}

export class SignedDownloadQuery extends DownloadQuery {
  @ApiProperty({ description: 'Expiry, seconds since the epoch' })
  @Matches(/^\d{1,12}$/)
  exp: string;

  @ApiProperty({ description: 'HMAC-SHA256 of the file and the expiry' })
  @IsString()
  @MaxLength(100)
  sig: string;
}
