import { principalOf } from '../../shared/http/auth.ts';
import { httpHandler, json, pathParameter, type HttpEvent, type HttpResult } from '../../shared/http/http.ts';
import { getPortPolicy } from '../../shared/use-cases/port-policy.ts';

/** `GET /api/review/ports/{port}/policy`: the port's automated-decision policy and its recent versions. */
export async function readPolicy(event: HttpEvent): Promise<HttpResult> {
  const principal = principalOf(event);
  return json(200, await getPortPolicy(principal, pathParameter(event, 'port')));
}

export const handler = httpHandler(readPolicy);
