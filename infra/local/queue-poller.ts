/**
 * Lambda's SQS event source, locally: long-poll a batch, invoke the consumer with an SQS event, delete the
 * messages it did not report in `batchItemFailures`. If the consumer throws, nothing is deleted: the
 * messages come back after the visibility timeout, and the queue's redrive policy moves them to the DLQ.
 */
import { DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

export interface PollerOptions {
  client: SQSClient;
  queueUrl: string;
  queueArn: string;
  batchSize: number;
  consume: (event: SQSEvent) => Promise<unknown>;
  onError?: (error: unknown) => void;
}

function toRecord(message: Message, queueArn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? '000000000000',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        {
          dataType: value.DataType ?? 'String',
          ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
          ...(value.BinaryValue !== undefined ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') } : {}),
        },
      ]),
    ) as SQSRecord['messageAttributes'],
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: queueArn.split(':')[3] ?? 'us-east-1',
  };
}

function failedIds(result: unknown): Set<string> | undefined {
  const failures = (result as SQSBatchResponse | undefined)?.batchItemFailures;
  if (result === undefined || result === null) return new Set();
  if (!Array.isArray(failures)) return undefined;
  return new Set(failures.map((failure) => failure.itemIdentifier));
}

export class QueuePoller {
  private running = false;
  private loop: Promise<void> | undefined;
  private abort = new AbortController();

  constructor(private readonly options: PollerOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    this.loop = this.run();
  }

  /**
   * Stops polling; a batch already being processed finishes first. By default a waiting receive is
   * abandoned, which is quick but lets the queue hand it messages that then wait out their visibility
   * timeout; with `{ finishReceive: true }` it is let finish (up to its 1 s wait) and what it gets is
   * processed, so a stop and a new start lose no time.
   */
  async stop({ finishReceive = false } = {}): Promise<void> {
    this.running = false;
    if (!finishReceive) this.abort.abort();
    await this.loop;
  }

  /** Receives and processes one batch; returns how many messages it received. */
  async pollOnce(waitTimeSeconds = 1): Promise<number> {
    const { Messages = [] } = await this.options.client.send(
      new ReceiveMessageCommand({
        QueueUrl: this.options.queueUrl,
        MaxNumberOfMessages: this.options.batchSize,
        WaitTimeSeconds: waitTimeSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: this.abort.signal },
    );
    if (Messages.length === 0) return 0;
    const records = Messages.map((message) => toRecord(message, this.options.queueArn));
    let failed: Set<string> | undefined;
    try {
      failed = failedIds(await this.options.consume({ Records: records }));
    } catch (error) {
      this.options.onError?.(error);
      return Messages.length;
    }
    if (!failed) return Messages.length;
    const done = records.filter((record) => !failed.has(record.messageId));
    if (done.length > 0) {
      await this.options.client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.options.queueUrl,
          Entries: done.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })),
        }),
      );
    }
    return Messages.length;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.pollOnce();
      } catch (error) {
        if (!this.running) return;
        this.options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  /** Resolves once the queue has no visible and no in-flight messages, or the timeout passes. */
  async drain(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { Attributes = {} } = await this.options.client.send(
        new GetQueueAttributesCommand({
          QueueUrl: this.options.queueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
        }),
      );
      const pending =
        Number(Attributes.ApproximateNumberOfMessages ?? 0) +
        Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
        Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0);
      if (pending === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`The queue ${this.options.queueUrl} did not drain within ${timeoutMs} ms`);
  }
}
