/**
 * Local stand-ins for Amazon SES (v2 API, `SendEmail`) and AWS End User Messaging SMS (`SendTextMessage`)
 * on 127.0.0.1: the service's real SDK clients send to them, and they record each message instead of
 * delivering it. GET /_local/outbox serves what they recorded. Nothing is printed: messages hold
 * addresses and phone numbers.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './http-util.ts';

export interface RecordedMessage {
  id: string;
  channel: 'email' | 'sms';
  to: string;
  language: string;
  event: string;
  subject?: string;
  body: string;
  applicationId: string;
  sentAt: string;
}

export interface LocalMessaging {
  /** For SES_ENDPOINT. */
  sesEndpoint: string;
  /** For SMS_ENDPOINT. */
  smsEndpoint: string;
  messages(to?: string): RecordedMessage[];
  stop(): Promise<void>;
}

interface SendEmailBody {
  Destination?: { ToAddresses?: string[] };
  Content?: { Simple?: { Subject?: { Data?: string }; Body?: { Text?: { Data?: string } } } };
  EmailTags?: { Name: string; Value: string }[];
}

interface SendTextMessageBody {
  DestinationPhoneNumber?: string;
  MessageBody?: string;
  Context?: Record<string, string>;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  return JSON.parse((await readBody(request)).toString('utf8') || '{}');
}

function answer(response: ServerResponse, status: number, contentType: string, body: unknown) {
  response.writeHead(status, { 'content-type': contentType });
  response.end(JSON.stringify(body));
}

export async function startLocalMessaging(): Promise<LocalMessaging> {
  const recorded: RecordedMessage[] = [];
  const record = (message: Omit<RecordedMessage, 'id' | 'sentAt'>) => {
    const id = randomUUID();
    recorded.push({ id, ...message, sentAt: new Date().toISOString() });
    return id;
  };

  const server = createServer(async (request, response) => {
    try {
      if (request.method === 'POST' && request.url === '/v2/email/outbound-emails') {
        const body = (await readJson(request)) as SendEmailBody;
        const tags = Object.fromEntries((body.EmailTags ?? []).map((tag) => [tag.Name, tag.Value]));
        const id = record({
          channel: 'email',
          to: body.Destination?.ToAddresses?.join(', ') ?? '',
          language: tags.language ?? '',
          event: tags.event ?? '',
          subject: body.Content?.Simple?.Subject?.Data ?? '',
          body: body.Content?.Simple?.Body?.Text?.Data ?? '',
          applicationId: tags.applicationId ?? '',
        });
        return answer(response, 200, 'application/json', { MessageId: id });
      }
      if (request.method === 'POST' && request.headers['x-amz-target'] === 'PinpointSMSVoiceV2.SendTextMessage') {
        const body = (await readJson(request)) as SendTextMessageBody;
        const id = record({
          channel: 'sms',
          to: body.DestinationPhoneNumber ?? '',
          language: body.Context?.language ?? '',
          event: body.Context?.event ?? '',
          body: body.MessageBody ?? '',
          applicationId: body.Context?.applicationId ?? '',
        });
        return answer(response, 200, 'application/x-amz-json-1.0', { MessageId: id });
      }
      answer(response, 400, 'application/json', { __type: 'UnknownOperationException', message: 'Only SendEmail and SendTextMessage are served locally.' });
    } catch {
      answer(response, 400, 'application/json', { __type: 'SerializationException', message: 'The request body is not JSON.' });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    sesEndpoint: url,
    smsEndpoint: url,
    messages: (to) => recorded.filter((message) => to === undefined || message.to === to),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
