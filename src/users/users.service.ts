import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { assertHallAccess } from '../auth/hall-access';
import type { Principal, StaffPrincipal, StaffRole } from '../auth/principal';
import { AuditTrail } from '../audit/audit-trail.service';
import { AppException } from '../common/errors/app-exception';
import { AppConfig } from '../config/app-config';
import { SettingsCache, SettingsRevision } from '../database/settings-revision.service';
import { HallsService } from '../halls/halls.service';
import { CreateUserDto, UpdateUserDto } from './dto/user.dto';
import { User } from './entities/user.entity';
import { passwordViolations } from './domain/password-policy';
import { hashPassword, verifyPassword } from './password';

/**
 * 三员分立: nobody grants the security administrator's role through the API, so that no security
 * administrator can make a second one to change their own account by proxy; those accounts are
 * provisioned by the operator (the seed, or SQL at installation), like the first administrator.
 */
function assertGrantable(role: StaffRole): void {
  if (role === 'security_admin') throw new AppException('ROLE_NOT_GRANTABLE', { role });
}

/** What an update changes, for the audit trail: roles and halls before and after, never a name or a password. */
function accountChanges(current: User, dto: UpdateUserDto): Record<string, unknown> {
  const changes: Record<string, unknown> = { username: current.username };
  if (dto.role !== undefined && dto.role !== current.role) changes.role = { from: current.role, to: dto.role };
  if (dto.hallIds) {
    const added = dto.hallIds.filter((h) => !current.hallIds.includes(h));
    const removed = current.hallIds.filter((h) => !dto.hallIds!.includes(h));
    if (added.length || removed.length) changes.halls = { added, removed };
  }
  if (dto.departmentId !== undefined && dto.departmentId !== current.departmentId)
    changes.departmentId = { from: current.departmentId, to: dto.departmentId };
  if (dto.active !== undefined && dto.active !== current.active) changes.active = dto.active;
  if (dto.password) changes.passwordReset = true;
  if (dto.displayName !== undefined && dto.displayName !== current.displayName) changes.displayNameChanged = true;
  return changes;
}

/** An account as authentication needs it. */
export interface UserAccess {
  principal: StaffPrincipal;
  active: boolean;
  /** Tokens signed in an earlier generation are void: moved when the account's sessions must end. */
  sessionGeneration: number;
}

@Injectable()
export class UsersService {
  /** Every authenticated request reads its account: cached per instance like the hall settings. */
  private readonly access: SettingsCache<UserAccess>;
  private readonly sessionsEnded = new Set<(userId: string) => void>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly halls: HallsService,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly settings: SettingsRevision,
    private readonly audit: AuditTrail,
    private readonly config: AppConfig,
  ) {
    this.access = settings.cache();
  }

  /** The account as it is now (at most a second stale after a change on another instance), or null. */
  async accessOf(userId: string): Promise<UserAccess | null> {
    if (!isUUID(userId)) return null;
    return this.access.get(userId, async () => {
      const [row] = await this.dataSource.query(
        `select u.id::text as id, u.username, u.role, u.department_id::text as department_id, u.active, u.session_generation,
                array(select h.hall_id::text from user_halls h where h.user_id = u.id order by h.hall_id) as hall_ids
           from users u where u.id = $1`,
        [userId],
      );
      if (!row) return null;
      return {
        principal: {
          kind: 'user',
          id: row.id,
          username: row.username,
          role: row.role,
          hallIds: row.hall_ids,
          departmentId: row.department_id,
        },
        active: row.active,
        sessionGeneration: row.session_generation,
      };
    });
  }

  /** Without a hall: every account, which only an admin or a security administrator may list. */
  async list(principal: Principal, hallId?: string): Promise<User[]> {
    if (hallId) assertHallAccess(principal, hallId);
    else if (principal.role !== 'admin' && principal.role !== 'security_admin') throw new AppException('HALL_ACCESS_DENIED');
    const users = await this.users.find({ order: { username: 'ASC' } });
    const withHalls = await this.attachHalls(users);
    return hallId ? withHalls.filter((u) => u.hallIds.includes(hallId)) : withHalls;
  }

  async get(userId: string): Promise<User> {
    const user = await this.users.findOneBy({ id: userId });
    if (!user) throw new AppException('USER_NOT_FOUND', { userId });
    return (await this.attachHalls([user]))[0];
  }

  /**
   * Whether the account is an active approver of the department and belongs to the hall: whom a
   * case of that department may be assigned to. False for an unknown id. Inside a transaction pass
   * its `em`, so that the check does not wait for a second connection.
   */
  async isActiveApprover(userId: string, hallId: string, departmentId: string, em?: EntityManager): Promise<boolean> {
    const [row] = await (em ?? this.dataSource).query(
      `select 1 from users u join user_halls h on h.user_id = u.id and h.hall_id = $3
        where u.id = $1 and u.role = 'approver' and u.active and u.department_id = $2`,
      [userId, departmentId, hallId],
    );
    return row !== undefined;
  }

  /** For login: the user with the password hash, or null. */
  async findForLogin(username: string): Promise<User | null> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect(['u.passwordHash', 'u.sessionGeneration', 'u.passwordChangedAt'])
      .where('lower(u.username) = lower(:username)', { username })
      .getOne();
    return user ? (await this.attachHalls([user]))[0] : null;
  }

  async create(dto: CreateUserDto): Promise<User> {
    assertGrantable(dto.role);
    await this.assertConsistent(dto.role, dto.departmentId ?? null, dto.hallIds);
    if (await this.users.createQueryBuilder('u').where('lower(u.username) = lower(:n)', { n: dto.username }).getExists()) {
      throw new AppException('DUPLICATE_USERNAME', { username: dto.username });
    }
    this.assertPolicy(dto.password, dto.username);
    const passwordHash = await hashPassword(dto.password);
    const id = await this.dataSource.transaction(async (em) => {
      const saved = await em.save(
        User,
        em.create(User, {
          username: dto.username,
          passwordHash,
          displayName: dto.displayName,
          role: dto.role,
          departmentId: dto.departmentId ?? null,
          active: true,
          mustChangePassword: true,
        }),
      );
      await this.replaceHalls(em, saved.id, dto.hallIds);
      await this.audit.record(
        {
          action: 'account.create',
          targetType: 'user',
          targetId: saved.id,
          result: 'success',
          detail: { username: dto.username, role: dto.role, hallIds: dto.hallIds, departmentId: dto.departmentId ?? null },
        },
        em,
      );
      return saved.id;
    });
    return this.get(id);
  }

  /** 三员分立: a security administrator manages other accounts, never their own nor another security administrator's. */
  async getManageable(actor: StaffPrincipal, userId: string): Promise<User> {
    if (userId === actor.id) throw new AppException('ACCOUNT_SELF_CHANGE');
    const current = await this.get(userId);
    if (current.role === 'security_admin') throw new AppException('ACCOUNT_NOT_MANAGEABLE', { userId });
    return current;
  }

  async update(actor: StaffPrincipal, userId: string, dto: UpdateUserDto): Promise<User> {
    const current = await this.getManageable(actor, userId);
    if (dto.role) assertGrantable(dto.role);
    const role = dto.role ?? current.role;
    const departmentId = dto.departmentId === undefined ? current.departmentId : dto.departmentId;
    const hallIds = dto.hallIds ?? current.hallIds;
    await this.assertConsistent(role, departmentId, hallIds);
    if (dto.password) this.assertPolicy(dto.password, current.username);
    const passwordHash = dto.password ? await hashPassword(dto.password) : undefined;
    await this.dataSource.transaction(async (em) => {
      await em.update(
        User,
        { id: userId },
        {
          role,
          departmentId,
          ...(dto.displayName !== undefined && { displayName: dto.displayName }),
          ...(dto.active !== undefined && { active: dto.active }),
          // A password an admin set is known to them: its holder replaces it at the next sign-in.
          ...(passwordHash && { passwordHash, mustChangePassword: true, passwordChangedAt: () => 'now()' }),
        },
      );
      // A new password or a deactivation ends every session: a token taken with the old password,
      // or before the account was switched off, must not come back to life when it is reactivated.
      if (passwordHash || dto.active === false) {
        await em.query('update users set session_generation = session_generation + 1 where id = $1', [userId]);
      }
      if (dto.hallIds) await this.replaceHalls(em, userId, dto.hallIds);
      await this.audit.record(
        {
          action: 'account.update',
          targetType: 'user',
          targetId: userId,
          result: 'success',
          detail: accountChanges(current, dto),
        },
        em,
      );
    });
    this.settings.changed();
    if (passwordHash || dto.active === false) for (const listener of this.sessionsEnded) listener(userId);
    return this.get(userId);
  }

  /**
   * The holder's own new password: it must meet the policy and differ from the current one. Ends
   * every session of the account (the caller opens the next), and any need to change it.
   */
  async setOwnPassword(userId: string, newPassword: string): Promise<void> {
    const user = await this.users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.id = :userId', { userId }).getOne();
    if (!user) throw new AppException('USER_NOT_FOUND', { userId });
    const rules = passwordViolations(newPassword, user.username, this.policy());
    if (await verifyPassword(user.passwordHash, newPassword)) rules.push('reuse');
    if (rules.length) throw new AppException('PASSWORD_POLICY', { rules });
    const passwordHash = await hashPassword(newPassword);
    await this.dataSource.query(
      `update users set password_hash = $2, must_change_password = false, password_changed_at = now(),
         session_generation = session_generation + 1 where id = $1`,
      [userId, passwordHash],
    );
    this.settings.changed();
  }

  /** Whether the password must be replaced before the account may do anything else: set by an admin, or too old. */
  mustChangePassword(user: User): boolean {
    if (user.mustChangePassword) return true;
    const maxAgeDays = this.config.AUTH_PASSWORD_MAX_AGE_DAYS;
    return maxAgeDays > 0 && Date.now() - user.passwordChangedAt.getTime() > maxAgeDays * 86_400_000;
  }

  /** For whoever keeps sessions: called after an admin's change ended every session of the account (new password, deactivation). */
  onSessionsEnded(listener: (userId: string) => void): void {
    this.sessionsEnded.add(listener);
  }

  private policy() {
    return { minLength: this.config.AUTH_PASSWORD_MIN_LENGTH, minClasses: this.config.AUTH_PASSWORD_MIN_CLASSES };
  }

  private assertPolicy(password: string, username: string): void {
    const rules = passwordViolations(password, username, this.policy());
    if (rules.length) throw new AppException('PASSWORD_POLICY', { rules });
  }

  /** An approver works for one department, which must belong to one of the user's halls. */
  private async assertConsistent(role: string, departmentId: string | null, hallIds: string[]): Promise<void> {
    for (const hallId of hallIds) await this.halls.getHall(hallId);
    if (role === 'approver' && !departmentId) throw new AppException('APPROVER_NEEDS_DEPARTMENT');
    if (departmentId) {
      const department = await this.halls.getDepartment(departmentId);
      if (!hallIds.includes(department.hallId)) throw new AppException('DEPARTMENT_OF_OTHER_HALL', { departmentId });
    }
  }

  private async replaceHalls(em: EntityManager, userId: string, hallIds: string[]) {
    await em.query('delete from user_halls where user_id = $1', [userId]);
    if (hallIds.length) await em.query('insert into user_halls (user_id, hall_id) select $1, unnest($2::uuid[])', [userId, hallIds]);
  }

  private async attachHalls(users: User[]): Promise<User[]> {
    if (!users.length) return users;
    const rows: { user_id: string; hall_id: string }[] = await this.dataSource.query(
      'select user_id, hall_id from user_halls where user_id = any($1::uuid[])',
      [users.map((u) => u.id)],
    );
    for (const u of users) u.hallIds = rows.filter((r) => r.user_id === u.id).map((r) => r.hall_id);
    return users;
  }
}
