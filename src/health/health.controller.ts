import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service';
import { appliedMigrations } from '../database/migrate';
import { MIGRATIONS } from '../../migrations';
import { Public } from '../auth/roles.decorator';
import { Answers } from '../common/http/route-decorators';
import { HealthDto } from './dto/health.dto';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calendar: CalendarService,
  ) {}

  @Get()
  @Public()
  @Answers(
    'ok when the database answers and every migration is applied (with the years whose holiday schedule is loaded); 503 otherwise',
    HealthDto,
  )
  @ApiResponse({ status: 503, type: HealthDto, description: 'degraded (migrations pending) or down (no database)' })
  async health(@Res({ passthrough: true }) res: FastifyReply): Promise<HealthDto> {
    const expected = MIGRATIONS.map((m) => m.name);
    try {
      const applied = new Set(await appliedMigrations(this.dataSource));
      const pending = expected.filter((name) => !applied.has(name));
      const ok = pending.length === 0;
      const years = ok ? await this.calendar.loadedYears() : [];
      res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
      return {
        status: ok ? 'ok' : 'degraded',
        database: 'up',
        migrations: { applied: applied.size, pending },
        calendar: { loadedYears: years },
        time: new Date().toISOString(),
      };
    } catch {
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'down', database: 'down', time: new Date().toISOString() };
    }
  }
}
