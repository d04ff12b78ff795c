import { principalOf } from '../../shared/http/auth.ts';
import { httpHandler, json, parseBody, pathParameter, type HttpEvent, type HttpResult } from '../../shared/http/http.ts';
import { auditOutcomeSchema } from '../../shared/domain/auto-approval.ts';
import { recordAuditOutcome } from '../../shared/use-cases/audit.ts';

/** `POST /api/review/applications/{id}/audit`: confirm a sampled rule approval, or refer it to a supervisor. */
export async function audit(event: HttpEvent): Promise<HttpResult> {
  const principal = principalOf(event);
  return json(200, await recordAuditOutcome(principal, pathParameter(event, 'id'), parseBody(auditOutcomeSchema, event)));
}

export const handler = httpHandler(audit);
