/** Requests from a chosen local address: the whole 127.0.0.0/8 range reaches the local stack, one client per address. */
import { request } from 'node:http';

export interface ClientResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

export function requestFrom(
  localAddress: string,
  url: string,
  init: { method?: string; path: string; headers?: Record<string, string>; body?: unknown },
): Promise<ClientResponse> {
  const target = new URL(url);
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: target.hostname,
        port: target.port,
        method: init.method ?? 'GET',
        path: init.path,
        localAddress,
        agent: false,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text ? JSON.parse(text) : undefined });
        });
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
