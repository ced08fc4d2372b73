import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { assertHallAccess } from '../auth/hall-access';
import type { DevicePrincipal, Principal } from '../auth/principal';
import { AuditTrail } from '../audit/audit-trail.service';
import { AppException } from '../common/errors/app-exception';
import { SettingsCache, SettingsRevision } from '../database/settings-revision.service';
import { HallsService } from '../halls/halls.service';
import { CreateDeviceTokenDto } from './dto/device-token.dto';
import { DeviceToken } from './entities/device-token.entity';

export const DEVICE_TOKEN_PREFIX = 'owd_';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

@Injectable()
export class DevicesService {
  /** Kiosks and screens authenticate on every request: known tokens are cached by hash; a revocation elsewhere holds within SETTINGS_CHECK_INTERVAL_MS. */
  private readonly principals: SettingsCache<DevicePrincipal>;

  constructor(
    private readonly halls: HallsService,
    @InjectRepository(DeviceToken) private readonly tokens: Repository<DeviceToken>,
    private readonly settings: SettingsRevision,
    private readonly audit: AuditTrail,
  ) {
    this.principals = settings.cache();
  }

  async list(principal: Principal, hallId: string): Promise<DeviceToken[]> {
    await this.halls.getHallFor(principal, hallId);
    return this.tokens.find({ where: { hallId }, order: { createdAt: 'ASC' } });
  }

  /** The secret is returned once, here; only its hash is stored. */
  async issue(principal: Principal, hallId: string, dto: CreateDeviceTokenDto): Promise<DeviceToken & { token: string }> {
    await this.halls.getHallFor(principal, hallId);
    return this.issueToken(hallId, dto.kind, dto.name);
  }

  private async issueToken(hallId: string, kind: DeviceToken['kind'], name: string): Promise<DeviceToken & { token: string }> {
    const token = DEVICE_TOKEN_PREFIX + randomBytes(24).toString('base64url');
    const saved = await this.tokens.manager.transaction(async (em) => {
      const device = await em.save(
        DeviceToken,
        em.create(DeviceToken, {
          hallId,
          kind,
          name,
          tokenHash: sha256(token),
          tokenHint: token.slice(-4),
          revokedAt: null,
          lastUsedAt: null,
        }),
      );
      await this.audit.record(
        {
          action: 'device.issue',
          targetType: 'device',
          targetId: device.id,
          result: 'success',
          detail: { hallId, kind, hint: device.tokenHint },
        },
        em,
      );
      return device;
    });
    const { tokenHash: _hash, ...rest } = saved;
    return { ...rest, token } as DeviceToken & { token: string };
  }

  async revoke(principal: Principal, deviceId: string): Promise<DeviceToken> {
    const device = await this.tokens.findOneBy({ id: deviceId });
    if (!device) throw new AppException('DEVICE_NOT_FOUND', { deviceId });
    assertHallAccess(principal, device.hallId);
    if (!device.revokedAt) {
      await this.tokens.manager.transaction(async (em) => {
        await em.update(DeviceToken, { id: deviceId }, { revokedAt: new Date() });
        await this.audit.record(
          {
            action: 'device.revoke',
            targetType: 'device',
            targetId: deviceId,
            result: 'success',
            detail: { hallId: device.hallId, kind: device.kind },
          },
          em,
        );
      });
      this.settings.changed();
    }
    return (await this.tokens.findOneBy({ id: deviceId }))!;
  }

  async authenticate(token: string): Promise<DevicePrincipal | null> {
    if (!token.startsWith(DEVICE_TOKEN_PREFIX)) return null;
    const hash = sha256(token);
    return this.principals.get(hash, async () => {
      const device = await this.tokens.findOneBy({ tokenHash: hash, revokedAt: IsNull() });
      return device ? { kind: 'device', id: device.id, role: device.kind, hallId: device.hallId } : null;
    });
  }

  async hasToken(hallId: string, name: string): Promise<boolean> {
    return this.tokens.existsBy({ hallId, name });
  }
}
