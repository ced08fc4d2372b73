import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { assertHallAccess } from '../auth/hall-access';
import { canAccessHall, Principal } from '../auth/principal';
import { AppException } from '../common/errors/app-exception';
import { AppConfig } from '../config/app-config';
import { SettingsCache, SettingsRevision } from '../database/settings-revision.service';
import { CreateDepartmentDto, CreateHallDto, UpdateDepartmentDto, UpdateHallDto } from './dto/hall.dto';
import { CreateCategoryDto, CreateWindowDto, ServedCategoryDto, UpdateCategoryDto, UpdateWindowDto } from './dto/window.dto';
import { Department } from './entities/department.entity';
import { Hall, WorkingPeriod } from './entities/hall.entity';
import { ServiceWindow } from './entities/service-window.entity';
import { WindowStatus } from './domain/window-vocabulary';
import { WindowCategory } from './entities/window-category.entity';
import { WindowServedCategory } from './entities/window-served-category.entity';

function assertWorkingHours(periods: WorkingPeriod[] | undefined): void {
  if (!periods) return;
  for (let i = 0; i < periods.length; i++) {
    const ordered = periods[i].start < periods[i].end;
    const afterPrevious = i === 0 || periods[i - 1].end <= periods[i].start;
    if (!ordered || !afterPrevious) throw new AppException('WORKING_HOURS_INVALID', { index: i });
  }
}

@Injectable()
export class HallsService {
  // Every ticket, call and screen reads its hall, category or window: cached per instance (see
  // SettingsRevision). What these return is shared, so nobody may change it; updates read afresh.
  // A window's status may be a second stale here after a change made on another instance: the
  // calling service re-reads it where it decides (in the move's transaction).
  private readonly hallCache: SettingsCache<Hall>;
  private readonly categoryCache: SettingsCache<WindowCategory>;
  private readonly windowCache: SettingsCache<ServiceWindow>;

  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(Hall) private readonly halls: Repository<Hall>,
    @InjectRepository(Department) private readonly departments: Repository<Department>,
    @InjectRepository(WindowCategory) private readonly categories: Repository<WindowCategory>,
    @InjectRepository(ServiceWindow) private readonly windows: Repository<ServiceWindow>,
    private readonly settings: SettingsRevision,
    private readonly config: AppConfig,
  ) {
    this.hallCache = settings.cache();
    this.categoryCache = settings.cache();
    this.windowCache = settings.cache();
  }

  // ---- halls ----

  async listHalls(principal: Principal): Promise<Hall[]> {
    const all = await this.halls.find({ order: { code: 'ASC' } });
    return all.filter((h) => canAccessHall(principal, h.id));
  }

  /**
   * For other modules: the hall's settings, no access check. Inside a transaction pass its `em`: a
   * hall not cached yet is then read through the caller's connection, not the pool.
   */
  async getHall(hallId: string, em?: EntityManager): Promise<Hall> {
    const hall = em
      ? await this.hallCache.getWithin(hallId, () => em.getRepository(Hall).findOneBy({ id: hallId }))
      : await this.hallCache.get(hallId, () => this.halls.findOneBy({ id: hallId }));
    if (!hall) throw new AppException('HALL_NOT_FOUND', { hallId });
    return hall;
  }

  /**
   * The hall as the database has it now, past the cache: for a cache built from the hall that
   * follows its own revision (the calendar's clocks), which must not be built from a cached hall
   * this instance has not yet seen change.
   */
  async readHall(hallId: string, em?: EntityManager): Promise<Hall> {
    const hall = await (em ? em.getRepository(Hall) : this.halls).findOneBy({ id: hallId });
    if (!hall) throw new AppException('HALL_NOT_FOUND', { hallId });
    return hall;
  }

  /** Codes of the halls not marked as demo halls, which a server on the demo clock must not serve. */
  async realHallCodes(): Promise<string[]> {
    const halls = await this.halls.find({ where: { isDemo: false }, order: { code: 'ASC' } });
    return halls.map((h) => h.code);
  }

  async getHallFor(principal: Principal, hallId: string): Promise<Hall> {
    const hall = await this.getHall(hallId);
    assertHallAccess(principal, hallId);
    return hall;
  }

  async createHall(dto: CreateHallDto): Promise<Hall> {
    assertWorkingHours(dto.workingHours);
    // A demo server's clock is not the real one, so every hall it creates is a demo hall too.
    const saved = await this.halls.save(this.halls.create({ ...dto, isDemo: this.config.DEMO_CLOCK === 'on' }));
    this.settings.changed();
    return this.getHall(saved.id);
  }

  async updateHall(principal: Principal, hallId: string, dto: UpdateHallDto): Promise<Hall> {
    await this.getHallFor(principal, hallId);
    assertWorkingHours(dto.workingHours);
    const hall = (await this.halls.findOneBy({ id: hallId }))!;
    await this.halls.save(this.halls.merge(hall, dto));
    this.settings.changed();
    return this.getHall(hallId);
  }

  // ---- departments ----

  async listDepartments(principal: Principal, hallId: string): Promise<Department[]> {
    await this.getHallFor(principal, hallId);
    return this.departments.find({ where: { hallId }, order: { code: 'ASC' } });
  }

  async getDepartment(departmentId: string): Promise<Department> {
    const department = await this.departments.findOneBy({ id: departmentId });
    if (!department) throw new AppException('DEPARTMENT_NOT_FOUND', { departmentId });
    return department;
  }

  async createDepartment(principal: Principal, hallId: string, dto: CreateDepartmentDto): Promise<Department> {
    await this.getHallFor(principal, hallId);
    return this.departments.save(this.departments.create({ ...dto, hallId }));
  }

  async updateDepartment(principal: Principal, departmentId: string, dto: UpdateDepartmentDto): Promise<Department> {
    const department = await this.getDepartment(departmentId);
    assertHallAccess(principal, department.hallId);
    return this.departments.save(this.departments.merge(department, dto));
  }

  /** The foreign keys of items and users refuse the delete while they still point here (DEPARTMENT_HAS_ITEMS / _USERS). */
  async deleteDepartment(principal: Principal, departmentId: string): Promise<void> {
    const department = await this.getDepartment(departmentId);
    assertHallAccess(principal, department.hallId);
    await this.departments.delete({ id: departmentId });
  }

  // ---- window categories ----

  async listCategories(principal: Principal, hallId: string): Promise<WindowCategory[]> {
    await this.getHallFor(principal, hallId);
    return this.categoriesOf(hallId);
  }

  categoriesOf(hallId: string): Promise<WindowCategory[]> {
    return this.categories.find({ where: { hallId }, order: { sortOrder: 'ASC', prefix: 'ASC' } });
  }

  async getCategory(categoryId: string): Promise<WindowCategory> {
    const category = await this.categoryCache.get(categoryId, () => this.categories.findOneBy({ id: categoryId }));
    if (!category) throw new AppException('CATEGORY_NOT_FOUND', { categoryId });
    return category;
  }

  async createCategory(principal: Principal, hallId: string, dto: CreateCategoryDto): Promise<WindowCategory> {
    await this.getHallFor(principal, hallId);
    const saved = await this.categories.save(this.categories.create({ ...dto, hallId }));
    this.settings.changed();
    // Read back: save() returns only the fields given, and the answer is the whole category, defaults included.
    return this.getCategory(saved.id);
  }

  async updateCategory(principal: Principal, categoryId: string, dto: UpdateCategoryDto): Promise<WindowCategory> {
    assertHallAccess(principal, (await this.getCategory(categoryId)).hallId);
    const category = (await this.categories.findOneBy({ id: categoryId }))!;
    await this.categories.save(this.categories.merge(category, dto));
    this.settings.changed();
    return this.getCategory(categoryId);
  }

  async deleteCategory(principal: Principal, categoryId: string): Promise<void> {
    const category = await this.getCategory(categoryId);
    assertHallAccess(principal, category.hallId);
    await this.categories.delete({ id: categoryId });
    this.settings.changed();
  }

  // ---- windows ----

  async listWindows(principal: Principal, hallId: string): Promise<ServiceWindow[]> {
    await this.getHallFor(principal, hallId);
    return this.windowsOf(hallId);
  }

  windowsOf(hallId: string): Promise<ServiceWindow[]> {
    return this.windows.find({ where: { hallId }, order: { number: 'ASC' } });
  }

  /** From the settings cache: its `status` may be behind (see setWindowStatus); readWindow has the status now. */
  async getWindow(windowId: string): Promise<ServiceWindow> {
    // find, not findOneBy: with the eager categories, findOne's limit costs a second, DISTINCT query.
    const window = await this.windowCache.get(windowId, async () => (await this.windows.find({ where: { id: windowId } }))[0] ?? null);
    if (!window) throw new AppException('WINDOW_NOT_FOUND', { windowId });
    return window;
  }

  /** The window as the database has it now, past the cache (its status may have just changed on another instance); null if unknown. */
  async readWindow(windowId: string, em?: EntityManager): Promise<ServiceWindow | null> {
    return (await (em ? em.getRepository(ServiceWindow) : this.windows).find({ where: { id: windowId } }))[0] ?? null;
  }

  async getWindowFor(principal: Principal, windowId: string): Promise<ServiceWindow> {
    const window = await this.getWindow(windowId);
    assertHallAccess(principal, window.hallId);
    return window;
  }

  async createWindow(principal: Principal, hallId: string, dto: CreateWindowDto): Promise<ServiceWindow> {
    await this.getHallFor(principal, hallId);
    await this.assertCategoriesOfHall(hallId, dto.categories);
    return this.dataSource
      .transaction(async (em) => {
        const { categories, ...fields } = dto;
        const window = await em.save(
          ServiceWindow,
          em.create(ServiceWindow, { ...fields, hallId, status: 'closed', active: true, categories: [] }),
        );
        await this.replaceServedCategories(em.getRepository(WindowServedCategory), window, categories ?? []);
        return (await em.findOneBy(ServiceWindow, { id: window.id }))!;
      })
      .finally(() => this.settings.changed());
  }

  async updateWindow(principal: Principal, windowId: string, dto: UpdateWindowDto): Promise<ServiceWindow> {
    const window = await this.getWindowFor(principal, windowId);
    await this.assertCategoriesOfHall(window.hallId, dto.categories);
    return this.dataSource
      .transaction(async (em) => {
        const { categories, ...fields } = dto;
        await em.update(ServiceWindow, { id: windowId }, fields);
        if (categories) await this.replaceServedCategories(em.getRepository(WindowServedCategory), window, categories);
        return (await em.findOneBy(ServiceWindow, { id: windowId }))!;
      })
      .finally(() => this.settings.changed());
  }

  /**
   * For the queue module: a window opens, pauses or closes. Not a settings change (no cache is dropped,
   * here or on other instances): a cached window's status is as of when it was cached, and whatever
   * the status decides reads it afresh (readWindow, or the desk lock's read).
   */
  async setWindowStatus(windowId: string, status: WindowStatus): Promise<ServiceWindow> {
    await this.windows.update({ id: windowId }, { status });
    return { ...(await this.getWindow(windowId)), status };
  }

  private async assertCategoriesOfHall(hallId: string, served: ServedCategoryDto[] | undefined): Promise<void> {
    if (!served?.length) return;
    const ids = served.map((c) => c.categoryId);
    const found = await this.categories.find({ where: { id: In(ids) } });
    const foreign = ids.filter((id) => found.find((c) => c.id === id)?.hallId !== hallId);
    if (foreign.length) throw new AppException('CATEGORY_OF_OTHER_HALL', { categoryIds: foreign });
  }

  private async replaceServedCategories(repo: Repository<WindowServedCategory>, window: ServiceWindow, served: ServedCategoryDto[]) {
    await repo.delete({ windowId: window.id });
    if (served.length) {
      await repo.insert(
        served.map((c) => ({ windowId: window.id, categoryId: c.categoryId, hallId: window.hallId, weight: c.weight ?? 1 })),
      );
    }
  }
}
