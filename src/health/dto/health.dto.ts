import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class MigrationsStateDto {
  @ApiProperty() applied: number;
  @ApiProperty({ type: [String], description: 'Migrations of this build not applied yet' }) pending: string[];
}

class CalendarStateDto {
  @ApiProperty({ type: [Number], description: 'Years whose national holiday schedule is loaded' }) loadedYears: number[];
}

/** 200 with status ok; 503 with degraded (migrations pending) or down (no database), the same shape. */
export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded', 'down'] }) status: 'ok' | 'degraded' | 'down';
  @ApiProperty({ enum: ['up', 'down'] }) database: 'up' | 'down';
  @ApiPropertyOptional({ type: MigrationsStateDto }) migrations?: MigrationsStateDto;
  @ApiPropertyOptional({ type: CalendarStateDto }) calendar?: CalendarStateDto;
  @ApiProperty({ description: 'ISO time of the answer' }) time: string;
}
