import { SetMetadata } from '@nestjs/common';

export const HALL_SCOPE_KEY = 'onewindow:hall-scope';

/** Where a route names its hall: a path parameter or a query parameter. */
export type HallSource = { param: string } | { query: string };
export type HallScope = HallSource | { anyHall: string };

/**
 * The route acts in the hall the request names (the `:hallId` path parameter unless told otherwise):
 * HallAccessGuard refuses, before the handler runs, a caller who does not work in that hall
 * (403 HALL_ACCESS_DENIED; 404 HALL_NOT_FOUND when there is no such hall).
 */
export const HallScoped = (source: HallSource = { param: 'hallId' }) => SetMetadata(HALL_SCOPE_KEY, source);

/**
 * The route names a hall but is open beyond its staff or checks access itself; `reason` says why.
 * A route that names a hall must say one or the other (test/hall-scope.e2e-spec.ts).
 */
export const AnyHall = (reason: string) => SetMetadata(HALL_SCOPE_KEY, { anyHall: reason });
