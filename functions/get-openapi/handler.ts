import document from '../../docs/openapi.json' with { type: 'json' };
import { httpHandlerWith, json, type HttpResult } from '../../shared/http/core.ts';

/** `GET /api/openapi.json`: the committed OpenAPI 3.1 document. */
export async function getOpenApi(): Promise<HttpResult> {
  return json(200, document, { 'cache-control': 'public, max-age=300' });
}

// It calls no AWS service, so it loads no tracer (Lambda's active tracing still records it).
export const handler = httpHandlerWith(getOpenApi);
