import { httpHandler, json, type HttpResult } from '../../shared/http/http.ts';
import { ports } from '../../shared/domain/ports.ts';
import type { PortList } from '../../shared/domain/responses.ts';

/** `GET /api/ports`: the ports, their calendars and the vehicles they admit. */
export async function listPorts(): Promise<HttpResult> {
  return json(200, { ports: [...ports] } satisfies PortList, { 'cache-control': 'public, max-age=300' });
}

export const handler = httpHandler(listPorts);
