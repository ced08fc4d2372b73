import { ApiProperty } from '@nestjs/swagger';
import { QUEUE_MODELS, QueueModel } from '../domain/queue-model';

const SHARE = 'share in [0, 1]';

export class QueueFiguresDto {
  @ApiProperty({
    description:
      'false: arrivals beyond what the windows can serve (Erlang C with a ≥ N); the queue grows without end and there is no finite wait',
  })
  stable: boolean;
  @ApiProperty({ description: `Share of arrivals who find every window busy (${SHARE}); 1 when unstable` }) probabilityOfWaiting: number;
  @ApiProperty({ description: `等候达标率: of the citizens called, the share called within the target wait (${SHARE}); 0 when unstable` })
  withinTargetShare: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'Mean minutes from arrival to being called (or to giving up, Erlang A), over every arrival; null when unstable: no finite wait',
  })
  meanWaitMinutes: number | null;
  @ApiProperty({ description: `Busy windows ÷ open windows (${SHARE})` }) utilisation: number;
  @ApiProperty({ description: `Share of arrivals who give up before being called (${SHARE}); 0 for Erlang C` }) abandonmentShare: number;
}

export class WhatIfRowResultDto extends QueueFiguresDto {
  @ApiProperty() hour: number;
  @ApiProperty({ format: 'uuid' }) categoryId: string;
  @ApiProperty() arrivalsPerHour: number;
  @ApiProperty() meanServiceMinutes: number;
  @ApiProperty() windows: number;
  @ApiProperty({
    description: 'Offered load a = arrivals per minute × mean service minutes (Erlangs): the windows busy on average if nobody gave up',
  })
  offeredLoad: number;
  @ApiProperty({ description: 'The fewest windows that reach the target share (0 when nobody arrives)' }) recommendedWindows: number;
}

export class WhatIfResultDto {
  @ApiProperty({ enum: QUEUE_MODELS }) model: QueueModel;
  @ApiProperty() targetWaitMinutes: number;
  @ApiProperty() targetShare: number;
  @ApiProperty({ nullable: true, type: Number, description: "Erlang A's mean patience; null for Erlang C" }) patienceMinutes: number | null;
  @ApiProperty({ type: [WhatIfRowResultDto] }) rows: WhatIfRowResultDto[];
}

export class SimulatedFiguresDto extends QueueFiguresDto {
  @ApiProperty({ description: 'Citizens measured in the run' }) arrivals: number;
  @ApiProperty({ description: 'Simulated minutes measured (after a warm-up)' }) minutes: number;
}

export class SimulatedRowDto extends WhatIfRowResultDto {
  @ApiProperty({
    type: SimulatedFiguresDto,
    description:
      'Measured by the discrete-event simulator on the same figures (Poisson arrivals, exponential service, and for Erlang A exponential patience), FCFS',
  })
  simulated: SimulatedFiguresDto;
}

export class SimulateResultDto {
  @ApiProperty({ enum: QUEUE_MODELS }) model: QueueModel;
  @ApiProperty() targetWaitMinutes: number;
  @ApiProperty() targetShare: number;
  @ApiProperty({ nullable: true, type: Number }) patienceMinutes: number | null;
  @ApiProperty() seed: number;
  @ApiProperty({ type: [SimulatedRowDto] }) rows: SimulatedRowDto[];
}

export class ForecastDto {
  @ApiProperty({ description: 'Mean arrivals in the hour' }) mean: number;
  @ApiProperty() standardDeviation: number;
  @ApiProperty({ description: '10th percentile of the baseline days (effects applied)' }) p10: number;
  @ApiProperty({ description: '90th percentile' }) p90: number;
}

export class PlanRowDto {
  @ApiProperty() hour: number;
  @ApiProperty({ format: 'uuid' }) categoryId: string;
  @ApiProperty({ type: ForecastDto }) forecast: ForecastDto;
  @ApiProperty() meanServiceMinutes: number;
  @ApiProperty({ description: 'Windows planned (the roster)' }) plannedWindows: number;
  @ApiProperty({
    enum: ['roster', 'default'],
    description: "roster: saved by a manager; default: the hall's active windows that serve the category",
  })
  plannedFrom: 'roster' | 'default';
  @ApiProperty({ description: 'The fewest windows that reach the target share with the forecast mean' }) recommendedWindows: number;
  @ApiProperty({ type: QueueFiguresDto, description: 'Expected with the planned windows and the forecast mean' }) expected: QueueFiguresDto;
}

export class PlanCategoryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() prefix: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Mean service minutes used for the category' }) meanServiceMinutes: number;
  @ApiProperty({
    enum: ['history', 'hall', 'default'],
    description:
      "history: the category's served tickets of the last weeks; hall: none served, the hall's mean over all categories; default: nothing served at all, 10 minutes",
  })
  serviceSource: 'history' | 'hall' | 'default';
  @ApiProperty({ description: 'Tickets served in the history the mean is taken from' }) served: number;
  @ApiProperty({ description: 'Active windows serving the category: the default roster' }) servingWindows: number;
}

export class PlanEffectDto {
  @ApiProperty({ enum: ['month-start', 'after-holiday'] }) kind: 'month-start' | 'after-holiday';
  @ApiProperty({ format: 'uuid' }) categoryId: string;
  @ApiProperty({ description: 'Arrivals multiplied by this factor' }) factor: number;
  @ApiProperty({ description: 'Special days of the history it was measured on' }) days: number;
}

export class PlanDto {
  @ApiProperty({ format: 'uuid' }) hallId: string;
  @ApiProperty() date: string;
  @ApiProperty({ description: 'false: the hall does not open that day (no rows)' }) workingDay: boolean;
  @ApiProperty({ enum: QUEUE_MODELS }) model: QueueModel;
  @ApiProperty() targetWaitMinutes: number;
  @ApiProperty() targetShare: number;
  @ApiProperty({ nullable: true, type: Number, description: "Erlang A's mean patience in minutes; null for Erlang C" })
  patienceMinutes: number | null;
  @ApiProperty({
    nullable: true,
    type: String,
    enum: ['query', 'history', 'default'],
    description:
      'Where the patience comes from: asked for; the history (time all tickets waited ÷ citizens who gave up — cancelled while waiting or no-show — ' +
      'over the baseline weeks, when at least 20 gave up); else 30 minutes. null for Erlang C',
  })
  patienceSource: 'query' | 'history' | 'default' | null;
  @ApiProperty({ description: 'Weeks of history of the baseline' }) weeks: number;
  @ApiProperty({ type: [String], description: 'The history days (same weekday, ordinary where possible) the forecast is taken from' })
  baselineDates: string[];
  @ApiProperty({ type: [PlanEffectDto] }) effects: PlanEffectDto[];
  @ApiProperty({ type: [PlanCategoryDto] }) categories: PlanCategoryDto[];
  @ApiProperty({ type: [Number], description: "The hall's working hours that day (local hours)" }) hours: number[];
  @ApiProperty({ type: [PlanRowDto] }) rows: PlanRowDto[];
}

export class RosterSavedDto {
  @ApiProperty() date: string;
  @ApiProperty({ description: 'Entries saved' }) saved: number;
}
