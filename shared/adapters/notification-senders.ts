/**
 * The two ways a message leaves the service: email through Amazon SES (v2 API) and SMS through AWS End
 * User Messaging SMS. Locally both clients point at the local stack's stand-in endpoints, which record
 * what they are sent. Neither the address nor the text ever reaches a log.
 */
import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { NotificationChannel } from '../domain/notifications.ts';
import { loadConfig } from './config.ts';

const { EMAIL_FROM_ADDRESS, SMS_ORIGINATION_IDENTITY, SES_ENDPOINT, SMS_ENDPOINT } = loadConfig([
  'EMAIL_FROM_ADDRESS',
  'SMS_ORIGINATION_IDENTITY',
  'SES_ENDPOINT',
  'SMS_ENDPOINT',
]);

// A send that hangs must end well inside the claim on its outbox entry.
const requestHandler = { requestTimeout: 10_000, connectionTimeout: 3_000 };
export const emailClient = new SESv2Client({ endpoint: SES_ENDPOINT, maxAttempts: 3, requestHandler });
export const smsClient = new PinpointSMSVoiceV2Client({ endpoint: SMS_ENDPOINT, maxAttempts: 3, requestHandler });

export interface OutgoingMessage {
  channel: NotificationChannel;
  to: string;
  subject?: string;
  body: string;
  /** Identifiers only (application id, event, language, outbox key): tags on the email, context on the SMS. */
  tags: Record<string, string>;
}

export async function sendMessage(message: OutgoingMessage): Promise<void> {
  if (message.channel === 'email') {
    await emailClient.send(
      new SendEmailCommand({
        FromEmailAddress: EMAIL_FROM_ADDRESS,
        Destination: { ToAddresses: [message.to] },
        Content: {
          Simple: {
            Subject: { Data: message.subject ?? '', Charset: 'UTF-8' },
            Body: { Text: { Data: message.body, Charset: 'UTF-8' } },
          },
        },
        EmailTags: Object.entries(message.tags).map(([Name, Value]) => ({ Name, Value })),
      }),
    );
    return;
  }
  await smsClient.send(
    new SendTextMessageCommand({
      DestinationPhoneNumber: message.to,
      OriginationIdentity: SMS_ORIGINATION_IDENTITY,
      MessageBody: message.body,
      MessageType: 'TRANSACTIONAL',
      Context: message.tags,
    }),
  );
}

/** Refusals that will not change on a retry: the email was rejected, or the phone number opted out of SMS. */
export function isPermanentRefusal(error: unknown): boolean {
  const { name, Reason } = (error ?? {}) as { name?: string; Reason?: string };
  return name === 'MessageRejected' || (name === 'ConflictException' && Reason === 'DESTINATION_PHONE_NUMBER_OPTED_OUT');
}
