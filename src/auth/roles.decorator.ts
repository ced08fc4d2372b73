import { SetMetadata } from '@nestjs/common';
import type { Role } from './principal';
import type { SessionRestriction } from './sessions.service';

export const ROLES_KEY = 'onewindow:roles';
export const PUBLIC_KEY = 'onewindow:public';

/** The roles that may call a route. A route with neither @Roles nor @Public is denied to everyone. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Open to anonymous citizens; such routes must be rate-limited or read-only. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const DURING_KEY = 'onewindow:during';

/**
 * Also open to a session that must first change its password or enrol TOTP (see SessionRestriction);
 * every other route refuses such a session with PASSWORD_CHANGE_REQUIRED / TOTP_ENROLMENT_REQUIRED.
 */
export const AllowDuring = (...restrictions: SessionRestriction[]) => SetMetadata(DURING_KEY, restrictions);
