import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IsInt, IsString } from 'class-validator';
import { Roles } from '../src/auth/roles.decorator';
import { AppException } from '../src/common/errors/app-exception';
import { Idempotent } from '../src/idempotency/idempotent.decorator';
import { createTestApp, TestApp } from './support/test-app';

class ProbeDto {
  @IsString() name: string;
  @IsInt() delayMs: number;
}

/** Each call appends a row, so a replay that ran again would show. */
@Controller('probe')
class ProbeController {
  constructor(private readonly dataSource: DataSource) {}

  @Post()
  @Roles('clerk')
  @HttpCode(201)
  @Idempotent()
  async create(@Body() dto: ProbeDto) {
    await new Promise((r) => setTimeout(r, dto.delayMs));
    if (dto.name === 'fail') throw new AppException('CONFLICT');
    const [row] = await this.dataSource.query(`insert into probe_calls (name) values ($1) returning id`, [dto.name]);
    return { id: row.id, name: dto.name };
  }
}

describe('Idempotency-Key', () => {
  let t: TestApp;
  let token: string;
  const post = (key: string | undefined, body: object) => {
    const r = t.http.post('/api/probe').set('Authorization', `Bearer ${token}`);
    return (key ? r.set('Idempotency-Key', key) : r).send(body);
  };
  const calls = async () => (await t.dataSource.query('select count(*)::int as n from probe_calls'))[0].n;

  beforeAll(async () => {
    t = await createTestApp({ controllers: [ProbeController] });
    await t.dataSource.query('create table probe_calls (id serial primary key, name text)');
    token = await t.login('clerk1');
  });
  afterAll(() => t.close());

  it('a replay returns the first result and changes nothing', async () => {
    const first = await post('key-aaaa-0001', { name: 'a', delayMs: 0 }).expect(201);
    const replay = await post('key-aaaa-0001', { name: 'a', delayMs: 0 }).expect(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await calls()).toBe(1);
    await post(undefined, { name: 'a', delayMs: 0 }).expect(201);
    expect(await calls()).toBe(2);
  });

  it('the same key with another body is refused', async () => {
    await post('key-bbbb-0001', { name: 'b', delayMs: 0 }).expect(201);
    const res = await post('key-bbbb-0001', { name: 'other', delayMs: 0 }).expect(409);
    expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('concurrent requests with one key run the work once', async () => {
    const before = await calls();
    const results = await Promise.all([0, 1, 2, 3].map(() => post('key-cccc-0001', { name: 'c', delayMs: 200 })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'IDEMPOTENCY_IN_PROGRESS')).toBe(true);
    expect(await calls()).toBe(before + 1);
    // Once the first is done, a replay gets its result.
    const replay = await post('key-cccc-0001', { name: 'c', delayMs: 200 }).expect(201);
    expect(replay.body).toEqual(results.find((r) => r.status === 201)!.body);
  });

  it('a failed first request releases the key', async () => {
    await post('key-dddd-0001', { name: 'fail', delayMs: 0 }).expect(409);
    const [row] = await t.dataSource.query(`select count(*)::int as n from idempotency_keys where key = 'key-dddd-0001'`);
    expect(row.n).toBe(0);
  });

  it('a malformed key is a 400', async () => {
    const res = await post('short', { name: 'x', delayMs: 0 }).expect(400);
    expect(res.body.code).toBe('IDEMPOTENCY_KEY_INVALID');
  });
});
