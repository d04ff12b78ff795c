import { principalOf } from '../../shared/http/auth.ts';
import { httpHandler, json, parseBody, pathParameter, type HttpEvent, type HttpResult } from '../../shared/http/http.ts';
import { portPolicyUpdateSchema } from '../../shared/domain/auto-approval.ts';
import { updatePortPolicy } from '../../shared/use-cases/port-policy.ts';

/** `PUT /api/review/ports/{port}/policy`: a supervisor replaces the port's policy; a stale `expectedVersion` answers 409. */
export async function changePolicy(event: HttpEvent): Promise<HttpResult> {
  const principal = principalOf(event);
  return json(200, await updatePortPolicy(principal, pathParameter(event, 'port'), parseBody(portPolicyUpdateSchema, event)));
}

export const handler = httpHandler(changePolicy);
