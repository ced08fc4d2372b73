import { Global, Module } from '@nestjs/common';
import { PiiVault } from './pii-vault.service';

/** Encryption of personal data at rest, available to every module that stores any. */
@Global()
@Module({
  providers: [PiiVault],
  exports: [PiiVault],
})
export class PiiModule {}
