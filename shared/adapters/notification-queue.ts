/** The notification queue: a message names an application with messages to deliver, never an address. */
import { sendApplicationIds } from './application-id-queue.ts';
import { loadConfig } from './config.ts';

const { NOTIFICATION_QUEUE_URL } = loadConfig(['NOTIFICATION_QUEUE_URL']);

/** One SendMessageBatch per ten applications; returns the ids that could not be sent. */
export const enqueueNotifications = (applicationIds: string[]): Promise<string[]> => sendApplicationIds(NOTIFICATION_QUEUE_URL, applicationIds);
