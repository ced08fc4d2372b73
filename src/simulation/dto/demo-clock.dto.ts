import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsISO8601, IsNumber, IsOptional, Max, Min } from 'class-validator';

export class SetDemoClockDto {
  @ApiProperty({ example: '2026-03-02T10:00:00+08:00', description: 'The hall time from now on' })
  @IsISO8601({ strict: true })
  at: string;

  @ApiProperty({ minimum: 0, maximum: 3600, example: 60, description: 'Hall seconds per real second; 0 holds the clock at `at`' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(3600)
  speed: number;

  @ApiPropertyOptional({ description: 'Run the case sweep (warning levels, lapsed 容缺 obligations) at the new time before answering' })
  @IsOptional()
  @IsBoolean()
  sweep?: boolean;
}

export class DemoClockDto {
  @ApiProperty({ description: 'The server runs on the demo clock (DEMO_CLOCK=on); otherwise on the real time, which cannot be set' })
  enabled: boolean;

  @ApiProperty({ type: Date, description: 'The hall time now' })
  at: Date;

  @ApiProperty({ description: 'Hall seconds per real second' })
  speed: number;
}
