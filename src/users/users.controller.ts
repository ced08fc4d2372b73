import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { UUID } from '../common/http/uuid.pipe';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get() @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Staff accounts (a manager sees those of own halls)' })
  list(@CurrentPrincipal() p: Principal, @Query() query: ListUsersQuery) {
    return this.users.list(p, query.hallId);
  }

  @Post() @Roles('admin')
  @ApiOperation({ summary: 'Create a staff account' })
  create(@Body() dto: CreateUserDto) { return this.users.create(dto); }

  @Patch(':userId') @Roles('admin')
  @ApiOperation({
    summary: 'Change a staff account: role, department, halls, password, or deactivate it',
    description: 'Holds for the account\'s tokens and sockets already out, on every instance within a second. A new password or `active: false` ends all its sessions; reactivating does not revive them.',
  })
  update(@Param('userId', UUID) id: string, @Body() dto: UpdateUserDto) { return this.users.update(id, dto); }
}
