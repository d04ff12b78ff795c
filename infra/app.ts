/** Builds both stacks; the bin entry and the infra tests share it. */
import { App } from 'aws-cdk-lib';
import { acknowledgeNagFindings } from './nag-acknowledgements.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

export interface BuildAppOptions {
  /** The built web pages; bin/app.ts builds them before synthesis. */
  webAssetsPath: string;
}

export function buildApp(options: BuildAppOptions, app = new App()) {
  const stateful = new StatefulStack(app, 'PermitFastTrackStateful', { description: 'Permit fast-track: table, queues, keys, clerk pool' });
  const stateless = new StatelessStack(app, 'PermitFastTrackStateless', {
    description: 'Permit fast-track: API, functions, schedules, alarms, web pages',
    table: stateful.table,
    intakeQueue: stateful.intakeQueue,
    deadLetterQueue: stateful.deadLetterQueue,
    notificationQueue: stateful.notificationQueue,
    notificationDeadLetterQueue: stateful.notificationDeadLetterQueue,
    permitKey: stateful.permitKey,
    permitSignerRole: stateful.permitSignerRole,
    permitVerifierRole: stateful.permitVerifierRole,
    userPool: stateful.userPool,
    consoleClient: stateful.consoleClient,
    webAssetsPath: options.webAssetsPath,
  });
  acknowledgeNagFindings(stateful, stateless);
  return { app, stateful, stateless };
}
