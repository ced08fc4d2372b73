import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { fingerprintId } from '../common/identity/masking';
import { keyIdOf, open, PiiKeyRing, seal } from './domain/field-cipher';
import { loadFingerprintSecret, loadPiiKeyRing } from './pii-keys';

/**
 * The one place personal fields are sealed and opened, with the keys from configuration, and the
 * keyed fingerprint of ID numbers that stands in for them in every index and look-up. Opening is
 * for the few views that need the value in full (the accepting clerk, printed notices); everything
 * else shows the masked forms stored beside the sealed ones.
 */
@Injectable()
export class PiiVault implements OnModuleInit {
  private ring!: PiiKeyRing;
  private fingerprintSecret = '';

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    this.ring = await loadPiiKeyRing(this.config.PII_KEYS, this.dataSource);
    this.fingerprintSecret = await loadFingerprintSecret(this.config.ID_FINGERPRINT_SECRET, this.dataSource);
  }

  seal(plaintext: string, context: string): string {
    return seal(this.ring, plaintext, context);
  }

  /** Throws PiiCipherError for a value altered, moved or sealed under a key no longer in the ring. */
  open(sealed: string, context: string): string {
    return open(this.ring, sealed, context);
  }

  get currentKeyId(): string {
    return this.ring.current.id;
  }

  isCurrent(sealed: string): boolean {
    return keyIdOf(sealed) === this.ring.current.id;
  }

  /** HMAC-SHA256 of the normalised ID number: finds cases and tickets by ID without the number in any index. */
  fingerprint(idNumber: string): string {
    return fingerprintId(idNumber, this.fingerprintSecret);
  }
}
