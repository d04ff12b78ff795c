import { bearerToken, httpHandler, json, type HttpEvent, type HttpResult } from '../../shared/http/http.ts';
import { getApplicationStatus } from '../../shared/use-cases/get-application-status.ts';

/** `GET /api/applications/{id}`: the applicant's view, behind the access token. */
export async function getApplication(event: HttpEvent): Promise<HttpResult> {
  const view = await getApplicationStatus(event.pathParameters?.id ?? '', bearerToken(event));
  return json(200, view);
}

export const handler = httpHandler(getApplication);
