import { ApiProperty } from '@nestjs/swagger';

export class RebuiltTableDto {
  @ApiProperty({ example: 'stats_case_days' }) table: string;
  @ApiProperty({ description: 'Rows after the rebuild' }) rows: number;
  @ApiProperty({
    description: 'Rows that differed from the recomputation before it replaced them; 0 while every change went through the event handlers',
  })
  differences: number;
}

export class RebuildResultDto {
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The hall rebuilt; null: all' }) hallId: string | null;
  @ApiProperty({ type: [RebuiltTableDto] }) tables: RebuiltTableDto[];
  @ApiProperty() tookMs: number;
}
