import { Body, Controller, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { HALL_STAFF_ROLES as STAFF } from '../auth/principal';
import { CreateDepartmentDto, CreateHallDto, UpdateDepartmentDto, UpdateHallDto } from './dto/hall.dto';
import { CreateCategoryDto, CreateWindowDto, UpdateCategoryDto, UpdateWindowDto } from './dto/window.dto';
import { UUID as uuid } from '../common/http/uuid.pipe';
import { DepartmentDto, HallDto, ServiceWindowDto, WindowCategoryDto } from './dto/hall-response.dto';
import { HallsService } from './halls.service';
import { auditedWritesOf, HallReads, Reads } from '../auth/staff-route.decorator';

const Halls = auditedWritesOf('hall', ['admin']);
const Departments = auditedWritesOf('department', ['admin']);
const Categories = auditedWritesOf('category', ['admin']);
const Windows = auditedWritesOf('window', ['admin']);

@ApiTags('halls')
@ApiBearerAuth()
@Controller()
export class HallsController {
  constructor(private readonly halls: HallsService) {}

  @Reads('halls', [...STAFF, 'security_admin'], 'Halls the caller belongs to (all for an admin or a security administrator)', [HallDto])
  listHalls(@CurrentPrincipal() p: Principal) {
    return this.halls.listHalls(p);
  }

  @Halls.Creates('halls', 'Create a hall', HallDto)
  createHall(@Body() dto: CreateHallDto) {
    return this.halls.createHall(dto);
  }

  @HallReads('halls/:hallId', [...STAFF, 'display', 'kiosk'], 'A hall with its settings', HallDto)
  getHall(@CurrentPrincipal() p: Principal, @Param('hallId', uuid) hallId: string) {
    return this.halls.getHallFor(p, hallId);
  }

  @Halls.Updates('halls/:hallId', "Change a hall's settings (hours, target wait, warning thresholds…)", HallDto)
  updateHall(@CurrentPrincipal() p: Principal, @Param('hallId', uuid) hallId: string, @Body() dto: UpdateHallDto) {
    return this.halls.updateHall(p, hallId, dto);
  }

  @HallReads('halls/:hallId/departments', [...STAFF, 'security_admin'], 'Departments (实施主体) of a hall', [DepartmentDto])
  listDepartments(@CurrentPrincipal() p: Principal, @Param('hallId', uuid) hallId: string) {
    return this.halls.listDepartments(p, hallId);
  }

  @Departments.Creates('halls/:hallId/departments', 'Add a department', DepartmentDto)
  createDepartment(@CurrentPrincipal() p: Principal, @Param('hallId', uuid) hallId: string, @Body() dto: CreateDepartmentDto) {
    return this.halls.createDepartment(p, hallId, dto);
  }

  @Departments.Updates('departments/:departmentId', 'Rename a department', DepartmentDto)
  updateDepartment(@CurrentPrincipal() p: Principal, @Param('departmentId', uuid) id: string, @Body() dto: UpdateDepartmentDto) {
    return this.halls.updateDepartment(p, id, dto);
  }

  @Departments.Deletes('departments/:departmentId', 'Delete a department that owns no items and has no staff (409 otherwise)')
  deleteDepartment(@CurrentPrincipal() p: Principal, @Param('departmentId', uuid) id: string) {
    return this.halls.deleteDepartment(p, id);
  }

  @HallReads('halls/:hallId/categories', [...STAFF, 'display', 'kiosk'], 'Window categories (综合窗口类别) with their ticket prefixes', [
    WindowCategoryDto,
  ])
  listCategories(@CurrentPrincipal() p: Principal, @Param('hallId', uuid) hallId: string) {
    return this.halls.listCategories(p, hallId);
  }

  @Categories.Creates('halls/:hallId/categories', 'Add a window category', WindowCategoryDto)
  createCategory(@CurrentPrincipal() p: Principal, @Param('hallId', uuid) hallId: string, @Body() dto: CreateCategoryDto) {
    return this.halls.createCategory(p, hallId, dto);
  }

  @Categories.Updates('categories/:categoryId', 'Change a window category (name, daily cap, issuing hours)', WindowCategoryDto)
  updateCategory(@CurrentPrincipal() p: Principal, @Param('categoryId', uuid) id: string, @Body() dto: UpdateCategoryDto) {
    return this.halls.updateCategory(p, id, dto);
  }

  @Categories.Deletes('categories/:categoryId', 'Delete a window category no window or item uses (409 otherwise)')
  deleteCategory(@CurrentPrincipal() p: Principal, @Param('categoryId', uuid) id: string) {
    return this.halls.deleteCategory(p, id);
  }

  @HallReads('halls/:hallId/windows', [...STAFF, 'display'], 'Windows of a hall with the categories each serves', [ServiceWindowDto])
  listWindows(@CurrentPrincipal() p: Principal, @Param('hallId', uuid) hallId: string) {
    return this.halls.listWindows(p, hallId);
  }

  @Windows.Creates(
    'halls/:hallId/windows',
    'Add a window (comprehensive, pickup or consultation) and the categories it serves',
    ServiceWindowDto,
  )
  createWindow(@CurrentPrincipal() p: Principal, @Param('hallId', uuid) hallId: string, @Body() dto: CreateWindowDto) {
    return this.halls.createWindow(p, hallId, dto);
  }

  @Windows.Updates('windows/:windowId', 'Change a window, its served categories and weights, or retire it', ServiceWindowDto)
  updateWindow(@CurrentPrincipal() p: Principal, @Param('windowId', uuid) id: string, @Body() dto: UpdateWindowDto) {
    return this.halls.updateWindow(p, id, dto);
  }
}
