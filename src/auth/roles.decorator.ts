import { SetMetadata } from '@nestjs/common';
import type { Role } from './principal';

export const ROLES_KEY = 'onewindow:roles';
export const PUBLIC_KEY = 'onewindow:public';

/** The roles that may call a route. A route with neither @Roles nor @Public is denied to everyone. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Open to anonymous citizens; such routes must be rate-limited or read-only. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
