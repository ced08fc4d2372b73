import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { queryNumber } from '../../calendar/dto/calendar-validators';
import { ACTOR_KINDS, AUDIT_RESULTS, AuditResult, CHAIN_BREAK_REASONS } from '../domain/audit-chain';

// Control characters (NUL among them) are refused before they reach PostgreSQL.
// eslint-disable-next-line no-control-regex
const TEXT = /^[^\u0000-\u001f\u007f]*$/;

export class AuditQuery {
  @ApiPropertyOptional({ description: 'From this instant (ISO 8601), inclusive' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ description: 'Up to this instant (ISO 8601), exclusive' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
  @ApiPropertyOptional({ description: 'Username of the actor (exact, case-insensitive), or a device id' })
  @IsOptional()
  @MaxLength(64)
  @Matches(TEXT)
  actor?: string;
  @ApiPropertyOptional({ description: 'An action code, or its area with a trailing dot (e.g. `account.`)' })
  @IsOptional()
  @MaxLength(64)
  @Matches(/^[a-z_.]+$/)
  action?: string;
  @ApiPropertyOptional({ enum: AUDIT_RESULTS }) @IsOptional() @IsIn(AUDIT_RESULTS) result?: AuditResult;
  @ApiPropertyOptional({ description: 'Target type, e.g. user, hall, device, case, report' })
  @IsOptional()
  @MaxLength(32)
  @Matches(/^[a-z_]+$/)
  targetType?: string;
  @ApiPropertyOptional({ description: 'Target id (exact)' }) @IsOptional() @MaxLength(200) @Matches(TEXT) targetId?: string;
  @ApiPropertyOptional({ minimum: 1, default: 1 }) @IsOptional() @Transform(queryNumber) @IsInt() @Min(1) @Max(1_000_000) page?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Transform(queryNumber)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}

export class AuditExportQuery extends OmitType(AuditQuery, ['page', 'pageSize'] as const) {}

export class AuditRecordDto {
  @ApiProperty({ description: 'Position in the chain, from 1' }) id: number;
  @ApiProperty() at: string;
  @ApiProperty({ enum: ACTOR_KINDS }) actorKind: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorUsername: string | null;
  @ApiProperty({ nullable: true, type: String }) actorRole: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The client address as the server resolves it (X-Forwarded-For from a local proxy only)',
  })
  clientAddress: string | null;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
  @ApiProperty() action: string;
  @ApiProperty({ nullable: true, type: String }) targetType: string | null;
  @ApiProperty({ nullable: true, type: String }) targetId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) detail: Record<string, unknown>;
  @ApiProperty({ enum: AUDIT_RESULTS }) result: string;
  @ApiProperty() prevHash: string;
  @ApiProperty() hash: string;
}

export class AuditPageDto {
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty({ type: [AuditRecordDto] }) items: AuditRecordDto[];
}

export class ChainBreakDto {
  @ApiProperty({ description: 'The first record that does not verify' }) id: number;
  @ApiProperty({ enum: CHAIN_BREAK_REASONS }) reason: string;
  @ApiProperty() expected: string;
  @ApiProperty() stored: string;
}

export class ChainVerificationDto {
  @ApiProperty() intact: boolean;
  @ApiProperty({ description: 'Records verified before the first break (all when intact)' }) verified: number;
  @ApiProperty() lastId: number;
  @ApiProperty() lastHash: string;
  @ApiProperty({ type: ChainBreakDto, nullable: true }) firstBreak: ChainBreakDto | null;
  @ApiProperty({ description: 'How long the walk took' }) ms: number;
}
