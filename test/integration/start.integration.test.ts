import { spawn, execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { localCredentials, localRegion } from '../../infra/local/local-target.ts';

const run = promisify(execFile);

describe('npm start', () => {
  it('prints one ready line with the URL, serves the contract and stops on SIGTERM', async () => {
    // The server process itself (what `npm start` runs), so the SIGTERM below reaches it and not a wrapper.
    // A table of its own: with DYNAMODB_ENDPOINT the engine is shared with the other test files.
    const tableName = `start-test-${randomUUID()}`;
    const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR', TABLE_NAME: tableName },
    });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ready line in: ${output}`)), 30_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
    try {
      expect(output.split('\n').filter((line) => line.includes('ready'))).toHaveLength(1);
      // The line a reader pastes into another shell so the helper scripts reach this stack.
      const helperLine = output.split('\n').find((line) => line.startsWith('Helper scripts:')) ?? '';
      expect(helperLine).toContain(` export PORT=${new URL(url).port} `);
      for (const name of ['TABLE_NAME', 'INTAKE_QUEUE_URL', 'NOTIFICATION_QUEUE_URL', 'DYNAMODB_ENDPOINT', 'SQS_ENDPOINT', 'SES_ENDPOINT', 'SMS_ENDPOINT', 'PERMIT_LOCAL_KEY_DIR']) expect(helperLine).toMatch(new RegExp(` ${name}=\\S+`));
      const engine = process.env.DYNAMODB_ENDPOINT ? `external endpoint): ${process.env.DYNAMODB_ENDPOINT}` : 'dynalite, in process): http://127.0.0.1:';
      expect(output).toContain(`DynamoDB (${engine}`);
      expect(output).toContain(`table ${tableName}`);
      const ports = (await (await fetch(`${url}/api/ports`)).json()) as { ports: unknown[] };
      expect(ports.ports).toHaveLength(4);
      const unknown = await fetch(`${url}/api/nothing-here`);
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ error: 'NotFound' });
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 15_000))]);
      if (code === 'still running') child.kill('SIGKILL');
      if (process.env.DYNAMODB_ENDPOINT) {
        const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: localRegion, credentials: localCredentials });
        await client.send(new DeleteTableCommand({ TableName: tableName })).finally(() => client.destroy());
      }
      expect(code).toBe(0);
    }
  });
});

describe('npm run token', () => {
  it('mints a token for known ports and refuses unknown ones', async () => {
    const { stdout } = await run('npx', ['tsx', 'infra/local/token.ts', '--clerk', 'c-1', '--port', 'MOHAN', '--role', 'supervisor']);
    const claims = JSON.parse(Buffer.from(stdout.trim().split('.')[1]!, 'base64url').toString());
    expect(claims).toMatchObject({ username: 'c-1', 'cognito:groups': ['supervisor', 'port-MOHAN'], token_use: 'access' });
    const refused = await run('npx', ['tsx', 'infra/local/token.ts', '--clerk', 'c-1', '--port', 'ATLANTIS']).catch((error) => error);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Unknown port');
  });
});
