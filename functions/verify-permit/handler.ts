import * as z from 'zod';
import { httpHandler, json, parseBody, type HttpEvent, type HttpResult } from '../../shared/http/http.ts';
import { configuredJwks } from '../../shared/adapters/permit-signers.ts';
import { verifyPermitOnline } from '../../shared/use-cases/verify-permit.ts';

const publishedKeys = configuredJwks();
const verifyRequestSchema = z.strictObject({ token: z.string('Send the permit token as a string.').max(16_384, 'A permit token is at most 16 KiB.') });

/** `POST /api/permits/verify`: signature, validity window and revocation. */
export async function verifyPermit(event: HttpEvent): Promise<HttpResult> {
  const { token } = parseBody(verifyRequestSchema, event);
  return json(200, await verifyPermitOnline(token, await publishedKeys()));
}

export const handler = httpHandler(verifyPermit);
