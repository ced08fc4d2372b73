import { Body, Controller, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { HALL_STAFF_ROLES } from '../auth/principal';
import { UUID } from '../common/http/uuid.pipe';
import { CatalogService } from './catalog.service';
import { CreateServiceItemDto, ListItemsQuery, UpdateServiceItemDto } from './dto/service-item.dto';
import { ServiceItemViewDto } from './dto/service-item-response.dto';
import { auditedWritesOf, HallReads, Reads } from '../auth/staff-route.decorator';

const Items = auditedWritesOf('item', ['admin'], 'service_item');

@ApiTags('catalog')
@ApiBearerAuth()
@Controller()
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @HallReads(
    'halls/:hallId/items',
    [...HALL_STAFF_ROLES, 'kiosk'],
    "The hall's service catalogue (实施清单) with materials and approval steps",
    [ServiceItemViewDto],
  )
  list(@CurrentPrincipal() p: Principal, @Param('hallId', UUID) hallId: string, @Query() query: ListItemsQuery) {
    return this.catalog.list(p, hallId, query);
  }

  @Items.Creates(
    'halls/:hallId/items',
    'Publish a service item; its promised limit may not exceed the legal one, its step shares add up to 100',
    ServiceItemViewDto,
  )
  create(@CurrentPrincipal() p: Principal, @Param('hallId', UUID) hallId: string, @Body() dto: CreateServiceItemDto) {
    return this.catalog.create(p, hallId, dto);
  }

  @Reads('items/:itemId', [...HALL_STAFF_ROLES, 'kiosk'], 'One service item', ServiceItemViewDto)
  get(@CurrentPrincipal() p: Principal, @Param('itemId', UUID) id: string) {
    return this.catalog.getItemFor(p, id);
  }

  @Items.Updates('items/:itemId', 'Change a service item (materials and steps are replaced as a whole when given)', ServiceItemViewDto)
  update(@CurrentPrincipal() p: Principal, @Param('itemId', UUID) id: string, @Body() dto: UpdateServiceItemDto) {
    return this.catalog.update(p, id, dto);
  }
}
