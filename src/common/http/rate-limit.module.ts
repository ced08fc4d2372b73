import { Global, Module } from '@nestjs/common';
import { PublicRateLimiter } from './public-rate-limiter';

/** The per-phone limit of the public routes, shared by every module that serves them. */
@Global()
@Module({
  providers: [PublicRateLimiter],
  exports: [PublicRateLimiter],
})
export class RateLimitModule {}
