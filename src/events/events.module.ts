import { Global, Module } from '@nestjs/common';
import { DomainEvents } from './domain-events';

/** Global so that any module can subscribe without importing the publishers' modules. */
@Global()
@Module({
  providers: [DomainEvents],
  exports: [DomainEvents],
})
export class EventsModule {}
