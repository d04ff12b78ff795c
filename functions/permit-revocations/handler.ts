import { httpHandler, json, type HttpResult } from '../../shared/http/http.ts';
import { configuredSigner } from '../../shared/adapters/permit-signers.ts';
import { cachedRevocationList } from '../../shared/use-cases/revocation-list.ts';

const revocationList = cachedRevocationList(configuredSigner());

/** `GET /api/permits/revocations`: the signed list of revoked permits that checkpoints keep offline. */
export async function permitRevocations(): Promise<HttpResult> {
  const { list, maxAgeSeconds } = await revocationList();
  return json(200, list, { 'cache-control': `public, max-age=${maxAgeSeconds}` });
}

export const handler = httpHandler(permitRevocations);
