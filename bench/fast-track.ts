/**
 * Fast track: the time from submission to decision for rule approvals, measured as the applicant sees it
 * (POST, then polling the status until APPROVED), beside a floor in the same run: the same submissions
 * with no rule, until they are screened into the queue (PENDING_REVIEW). Alternating rounds.
 */
import { sampleApplication, startServer } from './harness.ts';
import { percentile, pool, round } from './stats.ts';

const APPLICATIONS = Number(process.env.BENCH_FAST_TRACK ?? 400);
const ROUNDS = Number(process.env.BENCH_FAST_TRACK_ROUNDS ?? 4);
/** Applications in flight at once: a steady trickle, not a flood (the drain benchmark covers floods). */
const IN_FLIGHT = 4;
const POLL_MS = 10;

type Side = 'rules' | 'floor';

export async function benchFastTrack() {
  const server = await startServer(['--no-throttle']);
  try {
    const minted = await (await fetch(`${server.url}/_local/token?clerk=bench.supervisor&ports=MOHAN&role=supervisor`)).json();
    const supervisor = { authorization: `Bearer ${minted.token}`, 'content-type': 'application/json' };
    const setPolicy = async (side: Side) => {
      const current = await (await fetch(`${server.url}/api/review/ports/MOHAN/policy`, { headers: supervisor })).json();
      const autoApprove = side === 'rules' ? [{ kind: 'border-tourism', lanes: ['standard'] }] : [];
      const changed = await fetch(`${server.url}/api/review/ports/MOHAN/policy`, {
        method: 'PUT',
        headers: supervisor,
        body: JSON.stringify({ autoApprove, auditSampleRate: 0.05, expectedVersion: current.version }),
      });
      if (changed.status !== 200) throw new Error(`policy change answered ${changed.status}`);
    };

    /** Submit, then poll as the status page would, until the application reaches `until`; ms from submit. */
    const decisionTime = async (documentNumber: string, until: string) => {
      const body = JSON.stringify(sampleApplication(documentNumber));
      const started = performance.now();
      const accepted = await fetch(`${server.url}/api/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      if (accepted.status !== 202) throw new Error(`submit answered ${accepted.status}`);
      const { id, accessToken } = await accepted.json();
      for (;;) {
        const view = await (await fetch(`${server.url}/api/applications/${id}`, { headers: { authorization: `Bearer ${accessToken}` } })).json();
        if (view.status === until) return performance.now() - started;
        if (view.status !== 'SUBMITTED') throw new Error(`${id} became ${view.status}, not ${until}`);
        if (performance.now() - started > 60_000) throw new Error(`${id} still ${view.status} after a minute`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    };

    const times: Record<Side, number[]> = { rules: [], floor: [] };
    const rounds: { rulesP50Ms: number; floorP50Ms: number }[] = [];
    const perRound = Math.ceil(APPLICATIONS / ROUNDS);
    const run = async (side: Side, index: number, amount: number) => {
      await setPolicy(side);
      const taken: number[] = [];
      await pool(amount, IN_FLIGHT, async (item) => {
        taken.push(await decisionTime(`FT${side[0]}${index}X${item}`, side === 'rules' ? 'APPROVED' : 'PENDING_REVIEW'));
      });
      return taken;
    };
    await run('rules', 99, 20);
    await run('floor', 99, 20);
    for (let index = 0; index < ROUNDS; index++) {
      const order: Side[] = index % 2 === 0 ? ['rules', 'floor'] : ['floor', 'rules'];
      const medians = { rules: 0, floor: 0 };
      for (const side of order) {
        const taken = await run(side, index, perRound);
        times[side].push(...taken);
        medians[side] = round(percentile(taken, 0.5));
      }
      rounds.push({ rulesP50Ms: medians.rules, floorP50Ms: medians.floor });
    }
    const summary = (values: number[]) => ({ applications: values.length, p50Ms: round(percentile(values, 0.5)), p90Ms: round(percentile(values, 0.9)), maxMs: round(Math.max(...values)) });
    return { inFlight: IN_FLIGHT, pollMs: POLL_MS, rounds, rules: summary(times.rules), floor: summary(times.floor) };
  } finally {
    await server.stop();
  }
}
