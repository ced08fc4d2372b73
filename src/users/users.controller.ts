import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal, StaffPrincipal } from '../auth/principal';
import { Audited } from '../audit/audited.decorator';
import { Roles } from '../auth/roles.decorator';
import { HallScoped } from '../auth/hall-scope.decorator';
import { Answers, Creates } from '../common/http/route-decorators';
import { UUID } from '../common/http/uuid.pipe';
import { UserDto } from './dto/user-response.dto';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Roles('security_admin', 'admin', 'manager')
  @HallScoped({ query: 'hallId' })
  @Answers('Staff accounts (a manager sees those of own halls)', [UserDto])
  list(@CurrentPrincipal() p: Principal, @Query() query: ListUsersQuery) {
    return this.users.list(p, query.hallId);
  }

  @Post()
  @Roles('security_admin')
  @Audited({ action: 'account.create', targetType: 'user', successInService: true })
  @Creates(
    {
      summary: 'Create a staff account (security administrator)',
      description: 'Any role but `security_admin` (403 ROLE_NOT_GRANTABLE): security administrators are provisioned by the operator.',
    },
    UserDto,
  )
  create(@Body() dto: CreateUserDto) {
    return this.users.create(dto);
  }

  @Patch(':userId')
  @Roles('security_admin')
  @Audited({ action: 'account.update', targetType: 'user', param: 'userId', successInService: true })
  @Answers(
    {
      summary: 'Change a staff account: role, department, halls, password, or deactivate it (security administrator)',
      description:
        "Holds for the account's tokens and sockets already out, on every instance within a second. A new password or `active: false` ends all its sessions; reactivating does not revive them. " +
        "Never one's own account (403 ACCOUNT_SELF_CHANGE), never a security administrator's (403 ACCOUNT_NOT_MANAGEABLE), never to `security_admin` (403 ROLE_NOT_GRANTABLE).",
    },
    UserDto,
  )
  update(@CurrentPrincipal() p: StaffPrincipal, @Param('userId', UUID) id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(p, id, dto);
  }
}
