import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { Public } from '../auth/roles.decorator';
import { Answers } from '../common/http/route-decorators';
import { HealthDto } from './dto/health.dto';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

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
      const rows: { name: string }[] = await this.dataSource.query('select name from schema_migrations');
      const applied = new Set(rows.map((r) => r.name));
      const pending = expected.filter((name) => !applied.has(name));
      const ok = pending.length === 0;
      const years: { year: number }[] = ok ? await this.dataSource.query('select year from calendar_years order by year') : [];
      res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
      return {
        status: ok ? 'ok' : 'degraded',
        database: 'up',
        migrations: { applied: applied.size, pending },
        calendar: { loadedYears: years.map((y) => y.year) },
        time: new Date().toISOString(),
      };
    } catch {
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'down', database: 'down', time: new Date().toISOString() };
    }
  }
}
