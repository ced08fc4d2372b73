import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** The OpenAPI document of the routes of `app` (served at /api/docs-json, and the source of the client's types). */
export function createApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('OneWindow 一窗通办 API')
      .setDescription('前台综合受理、后台分类审批、统一窗口出件. Errors: {statusCode, code, message, details?, requestId}.')
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Staff token from POST /api/auth/login, or a device token (owd_…)' })
      .build(),
  );
}
