import { Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigError } from '../config/app-config';
import { PostgresStorageDriver } from './postgres-storage.driver';
import { Storage } from './storage-driver';
import { ValidatedStorage } from './validated-storage.driver';

/** Async so that the AWS SDK (some 30 MB resident) is loaded only when the s3 driver is the one configured. */
export async function createStorage(config: AppConfig, dataSource: DataSource): Promise<ValidatedStorage> {
  if (config.STORAGE_DRIVER === 'postgres') return new ValidatedStorage(new PostgresStorageDriver(dataSource), 'postgres');
  if (!config.STORAGE_S3_BUCKET) throw new ConfigError('配置无效 (invalid configuration): STORAGE_DRIVER=s3 需要 STORAGE_S3_BUCKET');
  const { S3StorageDriver } = await import('./s3-storage.driver');
  return new ValidatedStorage(
    new S3StorageDriver({
      endpoint: config.STORAGE_S3_ENDPOINT,
      region: config.STORAGE_S3_REGION,
      bucket: config.STORAGE_S3_BUCKET,
      accessKeyId: config.STORAGE_S3_ACCESS_KEY_ID,
      secretAccessKey: config.STORAGE_S3_SECRET_ACCESS_KEY,
      forcePathStyle: config.STORAGE_S3_FORCE_PATH_STYLE === 'true',
    }),
    's3',
  );
}

/** The configured storage driver (STORAGE_DRIVER), behind the key check. */
@Module({
  providers: [{ provide: Storage, inject: [AppConfig, DataSource], useFactory: createStorage }],
  exports: [Storage],
})
export class StorageModule implements OnApplicationShutdown {
  constructor(private readonly storage: Storage) {}

  onApplicationShutdown(): void {
    this.storage.close();
  }
}
