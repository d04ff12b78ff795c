import { header, httpHandler, json, jsonBody, type HttpEvent, type HttpResult } from '../../shared/http/http.ts';
import { submitApplication } from '../../shared/use-cases/submit-application.ts';

/** `POST /api/applications`: accept a border-tourism or cargo-transit application. */
export async function submit(event: HttpEvent): Promise<HttpResult> {
  const receipt = await submitApplication(jsonBody(event), header(event, 'idempotency-key'));
  return json(202, receipt, { location: `/api/applications/${receipt.id}` });
}

export const handler = httpHandler(submit);
