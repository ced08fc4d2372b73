import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from '../app.module';
import { createHttpAdapter } from '../app.setup';
import { createApiDocument } from '../common/http/api-document';

/**
 * The document /api/docs-json serves, without a database: Nest's preview mode resolves the modules
 * and their controllers but instantiates no provider, so nothing connects to PostgreSQL.
 * scripts/generate-api-types.mjs turns it into the client's types.
 */
export async function createOfflineApiDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(AppModule, createHttpAdapter(), { preview: true, logger: false, abortOnError: false });
  app.setGlobalPrefix('api');
  const document = createApiDocument(app);
  await app.close();
  return document;
}
