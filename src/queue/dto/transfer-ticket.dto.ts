import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export class TransferTicketDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Queue the ticket in this category of the hall (give this or windowId)' })
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Queue the ticket for this window only (give this or categoryId)' })
  @IsOptional()
  @IsUUID()
  windowId?: string;
}
