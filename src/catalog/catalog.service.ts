import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, FindOptionsWhere, Repository } from 'typeorm';
import { assertHallAccess } from '../auth/hall-access';
import type { Principal } from '../auth/principal';
import { AppException } from '../common/errors/app-exception';
import { HallsService } from '../halls/halls.service';
import { promisedWithinLegal, TimeLimit } from './domain/catalog-types';
import { CreateServiceItemDto, ListItemsQuery, StepDto, UpdateServiceItemDto } from './dto/service-item.dto';
import { ServiceItemMaterial } from './entities/service-item-material.entity';
import { ServiceItemStep } from './entities/service-item-step.entity';
import { ServiceItem } from './entities/service-item.entity';

const DEFAULT_STEPS: StepDto[] = [{ name: '办理', timeSharePercent: 100 }];

/** The API shape of an item: limits as {value, unit}, materials and steps in order. */
export type ServiceItemView = Omit<ServiceItem, 'legalLimitValue' | 'legalLimitUnit' | 'promisedLimitValue' | 'promisedLimitUnit'> & {
  legalLimit: TimeLimit | null;
  promisedLimit: TimeLimit;
};

function toView(item: ServiceItem): ServiceItemView {
  const { legalLimitValue, legalLimitUnit, promisedLimitValue, promisedLimitUnit, ...rest } = item;
  return {
    ...rest,
    legalLimit: legalLimitValue !== null && legalLimitUnit ? { value: legalLimitValue, unit: legalLimitUnit } : null,
    promisedLimit: { value: promisedLimitValue, unit: promisedLimitUnit },
    materials: [...(item.materials ?? [])].sort((a, b) => a.position - b.position),
    steps: [...(item.steps ?? [])].sort((a, b) => a.position - b.position),
  };
}

@Injectable()
export class CatalogService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly halls: HallsService,
    @InjectRepository(ServiceItem) private readonly items: Repository<ServiceItem>,
  ) {}

  async list(principal: Principal, hallId: string, query: ListItemsQuery): Promise<ServiceItemView[]> {
    await this.halls.getHallFor(principal, hallId);
    const where: FindOptionsWhere<ServiceItem> = { hallId, ...query };
    const items = await this.items.find({ where, relations: { materials: true, steps: true }, order: { implementationCode: 'ASC' } });
    return items.map(toView);
  }

  /** For other modules: one item with materials and steps, no access check. */
  async getItem(itemId: string): Promise<ServiceItemView> {
    const item = await this.items.findOne({ where: { id: itemId }, relations: { materials: true, steps: true } });
    if (!item) throw new AppException('ITEM_NOT_FOUND', { itemId });
    return toView(item);
  }

  /** 网上申办: the hall's active items whose name or code contains the text, for anyone (no access check). */
  async searchActive(hallId: string, text: string | undefined): Promise<ServiceItemView[]> {
    await this.halls.getHall(hallId);
    const qb = this.items
      .createQueryBuilder('i')
      .leftJoinAndSelect('i.materials', 'm')
      .leftJoinAndSelect('i.steps', 's')
      .where('i.hall_id = :hallId and i.active', { hallId })
      .orderBy('i.implementationCode', 'ASC')
      .addOrderBy('m.position', 'ASC')
      .take(50);
    const needle = text?.trim();
    if (needle) {
      const like = `%${needle.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      qb.andWhere('(i.name ilike :like or i.implementation_code ilike :like or i.basic_code ilike :like)', { like });
    }
    return (await qb.getMany()).map(toView);
  }

  async getItemFor(principal: Principal, itemId: string): Promise<ServiceItemView> {
    const item = await this.getItem(itemId);
    assertHallAccess(principal, item.hallId);
    return item;
  }

  async create(principal: Principal, hallId: string, dto: CreateServiceItemDto): Promise<ServiceItemView> {
    await this.halls.getHallFor(principal, hallId);
    const steps = dto.steps?.length ? dto.steps : DEFAULT_STEPS;
    await this.assertValid(hallId, dto, steps);
    const id = await this.dataSource.transaction(async (em) => {
      const { legalLimit, promisedLimit, materials, steps: _steps, ...fields } = dto;
      const saved = await em.save(
        ServiceItem,
        em.create(ServiceItem, {
          ...fields,
          hallId,
          legalLimitValue: legalLimit?.value ?? null,
          legalLimitUnit: legalLimit?.unit ?? null,
          promisedLimitValue: promisedLimit.value,
          promisedLimitUnit: promisedLimit.unit,
          fees: fields.fees ?? [],
          deliveryOptions: fields.deliveryOptions ?? ['window'],
          materials: [],
          steps: [],
        }),
      );
      await this.replaceChildren(
        em.getRepository(ServiceItemMaterial),
        em.getRepository(ServiceItemStep),
        saved.id,
        materials ?? [],
        steps,
      );
      return saved.id;
    });
    return this.getItem(id);
  }

  async update(principal: Principal, itemId: string, dto: UpdateServiceItemDto): Promise<ServiceItemView> {
    const current = await this.getItemFor(principal, itemId);
    const merged = {
      departmentId: dto.departmentId ?? current.departmentId,
      categoryId: dto.categoryId ?? current.categoryId,
      legalLimit: dto.legalLimit === undefined ? current.legalLimit : dto.legalLimit,
      promisedLimit: dto.promisedLimit ?? current.promisedLimit,
    };
    const steps =
      dto.steps ??
      current.steps.map((s) => ({ name: s.name, timeSharePercent: s.timeSharePercent, departmentId: s.departmentId ?? undefined }));
    await this.assertValid(current.hallId, merged, steps);
    await this.dataSource.transaction(async (em) => {
      const { legalLimit, promisedLimit, materials, steps: newSteps, ...fields } = dto;
      await em.update(
        ServiceItem,
        { id: itemId },
        {
          ...fields,
          ...(legalLimit !== undefined && { legalLimitValue: legalLimit?.value ?? null, legalLimitUnit: legalLimit?.unit ?? null }),
          ...(promisedLimit && { promisedLimitValue: promisedLimit.value, promisedLimitUnit: promisedLimit.unit }),
        },
      );
      if (materials || newSteps) {
        await this.replaceChildren(
          em.getRepository(ServiceItemMaterial),
          em.getRepository(ServiceItemStep),
          itemId,
          materials ?? current.materials,
          newSteps ?? steps,
        );
      }
    });
    return this.getItem(itemId);
  }

  private async assertValid(
    hallId: string,
    item: { departmentId: string; categoryId: string; legalLimit?: TimeLimit | null; promisedLimit: TimeLimit },
    steps: StepDto[],
  ): Promise<void> {
    if (!promisedWithinLegal(item.promisedLimit, item.legalLimit ?? null)) {
      throw new AppException('PROMISED_EXCEEDS_LEGAL', { promisedLimit: item.promisedLimit, legalLimit: item.legalLimit });
    }
    const total = steps.reduce((sum, s) => sum + s.timeSharePercent, 0);
    if (total !== 100) throw new AppException('STEP_SHARES_INVALID', { total });
    const departmentIds = [item.departmentId, ...steps.flatMap((s) => (s.departmentId ? [s.departmentId] : []))];
    for (const departmentId of new Set(departmentIds)) {
      const department = await this.halls.getDepartment(departmentId);
      if (department.hallId !== hallId) throw new AppException('DEPARTMENT_OF_OTHER_HALL', { departmentId });
    }
    const category = await this.halls.getCategory(item.categoryId);
    if (category.hallId !== hallId) throw new AppException('CATEGORY_OF_OTHER_HALL', { categoryId: item.categoryId });
  }

  private async replaceChildren(
    materialsRepo: Repository<ServiceItemMaterial>,
    stepsRepo: Repository<ServiceItemStep>,
    itemId: string,
    materials: Partial<ServiceItemMaterial>[],
    steps: StepDto[],
  ) {
    await materialsRepo.delete({ itemId });
    await stepsRepo.delete({ itemId });
    if (materials.length) {
      await materialsRepo.insert(
        materials.map((m, position) => ({
          itemId,
          position,
          name: m.name!,
          necessity: m.necessity!,
          originals: m.originals ?? 0,
          copies: m.copies ?? 0,
          source: m.source ?? null,
          formUrl: m.formUrl ?? null,
          sampleUrl: m.sampleUrl ?? null,
          notes: m.notes ?? null,
        })),
      );
    }
    await stepsRepo.insert(
      steps.map((s, position) => ({
        itemId,
        position,
        name: s.name,
        timeSharePercent: s.timeSharePercent,
        departmentId: s.departmentId ?? null,
      })),
    );
  }
}
