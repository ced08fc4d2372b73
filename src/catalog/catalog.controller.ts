import { Body, Controller, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { HALL_STAFF_ROLES } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { HallScoped } from '../auth/hall-scope.decorator';
import { Audited } from '../audit/audited.decorator';
import { Answers, Creates } from '../common/http/route-decorators';
import { UUID } from '../common/http/uuid.pipe';
import { CatalogService } from './catalog.service';
import { CreateServiceItemDto, ListItemsQuery, UpdateServiceItemDto } from './dto/service-item.dto';
import { ServiceItemViewDto } from './dto/service-item-response.dto';
import { HallReads, Reads } from '../auth/staff-route.decorator';

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

  @Post('halls/:hallId/items')
  @HallScoped()
  @Roles('admin')
  @Audited({ action: 'item.create', targetType: 'service_item' })
  @Creates('Publish a service item; its promised limit may not exceed the legal one, its step shares add up to 100', ServiceItemViewDto)
  create(@CurrentPrincipal() p: Principal, @Param('hallId', UUID) hallId: string, @Body() dto: CreateServiceItemDto) {
    return this.catalog.create(p, hallId, dto);
  }

  @Reads('items/:itemId', [...HALL_STAFF_ROLES, 'kiosk'], 'One service item', ServiceItemViewDto)
  get(@CurrentPrincipal() p: Principal, @Param('itemId', UUID) id: string) {
    return this.catalog.getItemFor(p, id);
  }

  @Patch('items/:itemId')
  @Roles('admin')
  @Audited({ action: 'item.update', targetType: 'service_item', param: 'itemId' })
  @Answers('Change a service item (materials and steps are replaced as a whole when given)', ServiceItemViewDto)
  update(@CurrentPrincipal() p: Principal, @Param('itemId', UUID) id: string, @Body() dto: UpdateServiceItemDto) {
    return this.catalog.update(p, id, dto);
  }
}
