import document from '../../docs/openapi.json' with { type: 'json' };
import { httpHandler, json, type HttpResult } from '../../shared/http/http.ts';

/** `GET /api/openapi.json`: the committed OpenAPI 3.1 document. */
export async function getOpenApi(): Promise<HttpResult> {
  return json(200, document, { 'cache-control': 'public, max-age=300' });
}

export const handler = httpHandler(getOpenApi);
