import { httpHandler, json, parseBody, type HttpEvent, type HttpResult } from '../../shared/http/http.ts';
import { configuredJwks } from '../../shared/adapters/permit-signers.ts';
import { verifyRequestSchema } from '../../shared/domain/permit-token.ts';
import { verifyPermitOnline } from '../../shared/use-cases/verify-permit.ts';

const publishedKeys = configuredJwks();

/** `POST /api/permits/verify`: signature, validity window and revocation. */
export async function verifyPermit(event: HttpEvent): Promise<HttpResult> {
  const { token } = parseBody(verifyRequestSchema, event);
  return json(200, await verifyPermitOnline(token, await publishedKeys()));
}

export const handler = httpHandler(verifyPermit);
