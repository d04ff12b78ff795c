/**
 * `npm run demo:breach [-- --url <stack URL>]`: asks a running `npm start` (the one on PORT, default 3000,
 * unless --url names another) to seed applications that are already past their deadline, evaluates the
 * alarms at once and prints their states.
 */
import { parseArgs } from 'node:util';
import { localStackUrl } from '../infra/local/local-target.ts';

let base = '';
try {
  const { values } = parseArgs({ options: { url: { type: 'string' } } });
  base = localStackUrl(values.url);
  const response = await fetch(`${base}/_local/demo/breach`, { method: 'POST' });
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  const { seeded, alarms } = (await response.json()) as { seeded: string[]; alarms: { name: string; state: string; reason: string }[] };
  console.log(`Seeded ${seeded.length} applications past their deadline: ${seeded.join(', ')}`);
  for (const alarm of alarms.filter((candidate) => candidate.state === 'ALARM')) console.log(`ALARM  ${alarm.name}: ${alarm.reason}`);
  console.log(`Alarm states: ${base}/_local/alarms`);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(base ? `Could not reach the local stack at ${base} (is npm start running there? set PORT or --url): ${message}` : message);
  process.exit(1);
}
