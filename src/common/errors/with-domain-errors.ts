import { AppException } from './app-exception';

/**
 * Runs `fn`. An error it throws that `toAppException` recognises (a domain error the caller's input
 * caused) becomes that AppException, a 4xx with its code; any other is thrown as it is.
 */
export function withDomainErrors<T>(fn: () => T, toAppException: (e: unknown) => AppException | undefined): T {
  try {
    return fn();
  } catch (e) {
    throw toAppException(e) ?? e;
  }
}
