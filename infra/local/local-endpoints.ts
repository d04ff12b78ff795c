/**
 * The local stack's own endpoints under /_local/ (never in AWS): health, a token for tools (the console
 * signs in through local-sign-in.ts), the alarm rehearsal, the breach demo, the messages sent to
 * applicants and the benchmark's floor.
 */
import { seedBreaches } from './demo-breach.ts';
import type { AlarmRehearsal } from './alarm-rehearsal.ts';
import { LocalEndpointError, LocalPage, type LocalEndpoint } from './gateway.ts';
import { mintToken, tokenRequestFrom, type IssuerKeys } from './local-issuer.ts';
import type { RecordedMessage } from './local-messaging.ts';
import { outboxPage } from './outbox-page.ts';

export interface LocalEndpointDependencies {
  issuerKeys: IssuerKeys;
  /** The rehearsal is made after the gateway starts, so it is looked up when an endpoint runs. */
  rehearsal: () => AlarmRehearsal;
  /** What the local SES and SMS stand-ins were sent, to one address or phone number when given. */
  outbox: (to?: string) => RecordedMessage[];
  /** The raw writes of a submission, for `npm run bench` (only with `--bench-floor`): `floor` and `required` (infra/local/bench-floor.ts). */
  benchReferences?: Record<'floor' | 'required', () => Promise<unknown>>;
}

export function localEndpoints(dependencies: LocalEndpointDependencies): Record<string, LocalEndpoint> {
  return {
    health: () => ({ ok: true }),
    // For tools and benchmarks: mints a token as `npm run token` does.
    token: (query) => {
      const request = tokenRequestFrom({
        clerk: query.get('clerk') ?? undefined,
        ports: (query.get('ports') ?? '').split(','),
        role: query.get('role') ?? undefined,
      });
      if ('refused' in request) return new LocalEndpointError(request.refused);
      return { token: mintToken(dependencies.issuerKeys, request) };
    },
    alarms: () => ({ alarms: dependencies.rehearsal().states() }),
    outbox: (query) => ({ messages: dependencies.outbox(query.get('to') || undefined) }),
    'outbox.html': (query) => {
      const to = query.get('to') || undefined;
      return new LocalPage(outboxPage(dependencies.outbox(to), to));
    },
    'alarms/evaluate': async () => ({ alarms: await dependencies.rehearsal().evaluate() }),
    'demo/breach': async () => {
      const { ids } = await seedBreaches();
      return { seeded: ids, alarms: await dependencies.rehearsal().evaluate() };
    },
    ...(dependencies.benchReferences ? { 'bench/floor': dependencies.benchReferences.floor, 'bench/required': dependencies.benchReferences.required } : {}),
  };
}
