import { bearerToken, httpHandler, json, pathParameter, type HttpEvent, type HttpResult } from '../../shared/http/http.ts';
import { withdrawApplication } from '../../shared/use-cases/withdraw-application.ts';

/** `POST /api/applications/{id}/withdraw`: the applicant takes back an application awaiting a decision. */
export async function withdraw(event: HttpEvent): Promise<HttpResult> {
  return json(200, await withdrawApplication(pathParameter(event, 'id'), bearerToken(event)));
}

export const handler = httpHandler(withdraw);
