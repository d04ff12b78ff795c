/**
 * `npm run demo:breach`: asks a running `npm start` (at PORT, default 3000, or --url) to seed applications
 * that are already past their deadline, evaluates the alarms at once and prints their states.
 */
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { url: { type: 'string' } } });
const base = values.url ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
try {
  const response = await fetch(`${base}/_local/demo/breach`, { method: 'POST' });
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  const { seeded, alarms } = (await response.json()) as { seeded: string[]; alarms: { name: string; state: string; reason: string }[] };
  console.log(`Seeded ${seeded.length} applications past their deadline: ${seeded.join(', ')}`);
  for (const alarm of alarms.filter((candidate) => candidate.state === 'ALARM')) console.log(`ALARM  ${alarm.name}: ${alarm.reason}`);
  console.log(`Alarm states: ${base}/_local/alarms`);
} catch (error) {
  console.error(`Could not reach the local stack at ${base} (is npm start running?): ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
