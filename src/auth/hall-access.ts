import { AppException } from '../common/errors/app-exception';
import { canAccessHall, Principal } from './principal';

export function assertHallAccess(principal: Principal, hallId: string): void {
  if (!canAccessHall(principal, hallId)) throw new AppException('HALL_ACCESS_DENIED', { hallId });
}
