/** What every benchmark shares: the sample application, the local server in a child process, SDK clients. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';

export const root = join(import.meta.dirname, '..');
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export { sampleApplication } from '../infra/local/sample-application.ts';

export interface Endpoints {
  url: string;
  dynamoDb: string;
  sqs: string;
  table: string;
  queueUrl: string;
  stop: () => Promise<void>;
}

/** `npm start` in a child process, so the load generator does not share its event loop. */
export async function startServer(extraArgs: string[]): Promise<Endpoints> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts', '--port', '0', ...extraArgs], {
    cwd: root,
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const ready = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/ready at /.test(output)) resolve(output);
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${output}`)));
  });
  const match = (pattern: RegExp) => pattern.exec(ready)?.[1] ?? '';
  return {
    url: match(/ready at (\S+)/),
    dynamoDb: match(/DynamoDB \([^)]*\): (\S+)/),
    table: match(/table (\S+)/),
    sqs: match(/SQS \([^)]*\): (\S+)/),
    queueUrl: match(/queue (\S+)/),
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Runs `run` and then puts the process environment back as it was: a stack started in this process
 * writes its endpoints there, and a server started afterwards in a child process would inherit them.
 */
export async function restoringEnvironment<T>(run: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  try {
    return await run();
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
}

export const clients = (endpoints: { dynamoDb: string; sqs: string }) => ({
  dynamo: DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: endpoints.dynamoDb, region: 'us-east-1', credentials })),
  sqs: new SQSClient({ endpoint: endpoints.sqs, region: 'us-east-1', credentials }),
});

