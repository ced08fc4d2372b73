import { ApiProperty } from '@nestjs/swagger';
import { WINDOW_STATUSES } from '../../halls/domain/window-vocabulary';

export class MonitorCategoryDto {
  @ApiProperty({ format: 'uuid' }) categoryId: string;
  @ApiProperty({ example: 'A' }) prefix: string;
  @ApiProperty({ example: '企业开办与市场准入' }) name: string;
  @ApiProperty({ description: 'Tickets waiting now' }) waiting: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Of the ticket waiting longest, in ms at `at`; null when none waits' })
  longestWaitMs: number | null;
}

export class MonitorCurrentTicketDto {
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ example: 'A001' }) number: string;
  @ApiProperty({ enum: ['called', 'serving'] }) status: string;
  @ApiProperty({ nullable: true, type: String }) calledAt: string | null;
}

export class MonitorWindowDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() number: number;
  @ApiProperty() name: string;
  @ApiProperty({ enum: WINDOW_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: MonitorCurrentTicketDto }) current: MonitorCurrentTicketDto | null;
}

export class MonitorCaseLevelsDto {
  @ApiProperty({ description: 'Open cases (accepted, in review, suspended) at 正常' }) green: number;
  @ApiProperty({ description: '预警' }) yellow: number;
  @ApiProperty({ description: '超期 (黄牌)' }) red: number;
  @ApiProperty({ description: '严重超期 (红牌)' }) red_card: number;
  @ApiProperty({ description: "Open cases past their promised due right now (the levels follow within the warning sweep's interval)" })
  overdue: number;
  @ApiProperty({ description: 'Of the open cases, suspended (挂起)' }) suspended: number;
}

export class MonitorTodayDto {
  @ApiProperty({ description: 'Cases concluded today' }) concluded: number;
  @ApiProperty({ description: 'Of which at or before their promised due' }) onTime: number;
  @ApiProperty({ nullable: true, type: Number, description: '按时办结率 today = onTime ÷ concluded' }) onTimeRate: number | null;
  @ApiProperty({ description: 'Tickets issued today and called' }) called: number;
  @ApiProperty({ nullable: true, type: Number, description: '等候达标率 today' }) targetWaitRate: number | null;
  @ApiProperty({ description: 'Tickets issued today that are no-shows' }) noShow: number;
}

export class HallMonitorDto {
  @ApiProperty({ format: 'uuid' }) hallId: string;
  @ApiProperty({ description: 'When it was read; a screen keeps the newest' }) at: string;
  @ApiProperty({ example: '2025-11-03', description: "The hall's local day of `today`" }) localDate: string;
  @ApiProperty({ type: [MonitorCategoryDto], description: 'Waiting per category' }) waiting: MonitorCategoryDto[];
  @ApiProperty({ nullable: true, type: Number, description: 'Longest wait over all categories, ms at `at`' }) longestWaitMs: number | null;
  @ApiProperty({ type: [MonitorWindowDto] }) windows: MonitorWindowDto[];
  @ApiProperty({ description: 'Windows open now' }) openWindows: number;
  @ApiProperty({ type: MonitorCaseLevelsDto, description: 'Open cases per 电子监察 level' }) cases: MonitorCaseLevelsDto;
  @ApiProperty({ type: MonitorTodayDto }) today: MonitorTodayDto;
}
