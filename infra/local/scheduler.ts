/** EventBridge schedules, locally: each job on its own timer, never overlapping itself. */
import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';

export interface ScheduledJob {
  name: string;
  intervalSeconds: number;
  run: (event: ScheduledEvent) => Promise<unknown>;
}

export function scheduledEvent(name: string, at = new Date()): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: at.toISOString().replace(/\.\d+Z$/, 'Z'),
    region: 'us-east-1',
    resources: [`arn:aws:events:us-east-1:000000000000:rule/${name}`],
    detail: {},
  };
}

export class Scheduler {
  private timers: NodeJS.Timeout[] = [];
  private inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly jobs: ScheduledJob[],
    private readonly onError: (name: string, error: unknown) => void,
  ) {}

  start(): void {
    for (const job of this.jobs) {
      const timer = setInterval(() => void this.runNow(job.name).catch((error) => this.onError(job.name, error)), job.intervalSeconds * 1000);
      timer.unref();
      this.timers.push(timer);
    }
  }

  /** Runs a job now, or joins the run already under way. */
  runNow(name: string): Promise<unknown> {
    const job = this.jobs.find((candidate) => candidate.name === name);
    if (!job) return Promise.reject(new Error(`No scheduled job named ${name}`));
    const running = this.inFlight.get(name);
    if (running) return running;
    const run = job.run(scheduledEvent(name)).finally(() => this.inFlight.delete(name));
    this.inFlight.set(name, run);
    return run;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await Promise.allSettled(this.inFlight.values());
  }
}
