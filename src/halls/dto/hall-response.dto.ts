import { ApiProperty } from '@nestjs/swagger';
import type { Department } from '../entities/department.entity';
import type { Hall } from '../entities/hall.entity';
import type { ServiceWindow } from '../entities/service-window.entity';
import { WINDOW_KINDS, WINDOW_STATUSES, WindowKind, WindowStatus } from '../domain/window-vocabulary';
import type { WindowCategory } from '../entities/window-category.entity';

class StampedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

class WorkingPeriodDto {
  @ApiProperty({ example: '09:00' }) start: string;
  @ApiProperty({ example: '17:00' }) end: string;
}

export class HallDto extends StampedDto implements Hall {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty({ example: 'Asia/Shanghai' }) timezone: string;
  @ApiProperty({ type: [WorkingPeriodDto] }) workingHours: WorkingPeriodDto[];
  @ApiProperty() targetWaitMinutes: number;
  @ApiProperty({ description: 'Share of the time limit used up at which a case turns yellow' }) warningYellowRatio: number;
  @ApiProperty() warningYellowMinWorkingDays: number;
  @ApiProperty() clockStartsSameDay: boolean;
  @ApiProperty() maxRequeues: number;
  @ApiProperty() maxPriorityStreak: number;
  @ApiProperty() rectifyContactWorkingDays: number;
  @ApiProperty() rectifyReplyWorkingDays: number;
  @ApiProperty({ description: 'A hall to show, not to run (the simulator and the demo clock serve only these)' }) isDemo: boolean;
}

export class DepartmentDto extends StampedDto implements Department {
  @ApiProperty({ format: 'uuid' }) hallId: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class WindowCategoryDto extends StampedDto implements WindowCategory {
  @ApiProperty({ format: 'uuid' }) hallId: string;
  @ApiProperty({ example: 'A', description: 'Ticket number prefix' }) prefix: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ nullable: true, type: Number }) dailyCap: number | null;
  @ApiProperty({ nullable: true, type: String, example: '08:30:00', description: 'Hall-local time' }) issueFrom: string | null;
  @ApiProperty({ nullable: true, type: String, example: '16:30:00', description: 'Hall-local time' }) issueUntil: string | null;
  @ApiProperty() sortOrder: number;
  @ApiProperty({ description: '实名取号: tickets and bookings need the applicant’s resident ID' }) realName: boolean;
  @ApiProperty({ description: 'With realName: tickets a person may take per local day' }) personDailyLimit: number;
}

export class ServedCategoryResponseDto {
  @ApiProperty({ format: 'uuid' }) windowId: string;
  @ApiProperty({ format: 'uuid' }) categoryId: string;
  @ApiProperty({ format: 'uuid' }) hallId: string;
  @ApiProperty() weight: number;
}

export class ServiceWindowDto extends StampedDto implements Omit<ServiceWindow, 'categories'> {
  @ApiProperty({ format: 'uuid' }) hallId: string;
  @ApiProperty() number: number;
  @ApiProperty() name: string;
  @ApiProperty({ enum: WINDOW_KINDS }) kind: WindowKind;
  @ApiProperty({ enum: WINDOW_STATUSES }) status: WindowStatus;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: [ServedCategoryResponseDto] }) categories: ServedCategoryResponseDto[];
}
