import { ParseUUIDPipe } from '@nestjs/common';
import { AppException } from '../errors/app-exception';

/** Path ids are UUIDs; anything else is a 400 INVALID_ID before a query is made. */
export const UUID = new ParseUUIDPipe({ exceptionFactory: () => new AppException('INVALID_ID') });
