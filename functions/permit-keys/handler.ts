import { httpHandler, json, type HttpResult } from '../../shared/http/http.ts';
import { configuredJwks } from '../../shared/adapters/permit-signers.ts';
import type { JwksView } from '../../shared/domain/responses.ts';

const publishedKeys = configuredJwks();

/** `GET /api/permits/keys`: the JWKS that checkpoints keep for offline verification. */
export async function permitKeys(): Promise<HttpResult> {
  return json(200, (await publishedKeys()) satisfies JwksView, { 'cache-control': 'public, max-age=3600' });
}

export const handler = httpHandler(permitKeys);
