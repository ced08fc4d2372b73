import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { AppConfig } from '../config/app-config';
import { runMigrations } from './migrate';
import { SettingsRevision } from './settings-revision.service';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        if (!config.DATABASE_URL)
          throw new Error('DATABASE_URL is not set: start through `npm start`, which provides an embedded PostgreSQL');
        return {
          type: 'postgres' as const,
          url: config.DATABASE_URL,
          autoLoadEntities: true,
          synchronize: false,
          migrations: MIGRATIONS,
          migrationsTableName: 'schema_migrations',
          extra: { max: config.DATABASE_POOL_SIZE, application_name: 'onewindow', connectionTimeoutMillis: 5000 },
        };
      },
      // Migrations run before any module uses the connection, under an advisory lock shared by all instances.
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        await runMigrations(dataSource);
        return dataSource;
      },
    }),
  ],
  providers: [SettingsRevision],
  exports: [SettingsRevision],
})
export class DatabaseModule {}
