/** Builds both stacks; the bin entry and the infra tests share it. */
import { App, Validations } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { EdgeStack } from './edge-stack.ts';
import { acknowledgeGuardFindings } from './guard-acknowledgements.ts';
import { acknowledgeNagFindings } from './nag-acknowledgements.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

export interface BuildAppOptions {
  /** The built web pages; bin/app.ts builds them before synthesis. */
  webAssetsPath: string;
  /** The API's own domain and certificate (context `apiDomainName`, `apiCertificateArn`): switches the execute-api endpoint off. */
  apiDomain?: { name: string; certificateArn: string };
}

export function buildApp(options: BuildAppOptions, app = new App()) {
  // AWS's Control Tower proactive controls, checked on the synthesized templates by the bundled cfn-guard binary (no network).
  Validations.of(app).addPlugins(new CfnGuardValidator());
  const stateful = new StatefulStack(app, 'PermitFastTrackStateful', { description: 'Permit fast-track: table, queues, keys, clerk pool' });
  const stateless = new StatelessStack(app, 'PermitFastTrackStateless', {
    description: 'Permit fast-track: API, functions, schedules, alarms, web pages',
    table: stateful.table,
    intakeQueue: stateful.intakeQueue,
    deadLetterQueue: stateful.deadLetterQueue,
    notificationQueue: stateful.notificationQueue,
    notificationDeadLetterQueue: stateful.notificationDeadLetterQueue,
    permitKey: stateful.permitKey,
    permitKeyRoles: stateful.permitKeyRoles,
    userPool: stateful.userPool,
    signInDomain: stateful.signInDomain,
    webAssetsPath: options.webAssetsPath,
    ...(options.apiDomain ? { apiDomain: options.apiDomain } : {}),
  });
  // AWS WAF keeps every CloudFront web ACL in us-east-1, wherever the other stacks are deployed.
  const edge = new EdgeStack(app, 'PermitFastTrackEdge', {
    description: 'Permit fast-track: per-client rate limits (CloudFront web ACL)',
    env: { region: 'us-east-1' },
  });
  acknowledgeNagFindings(stateful, stateless);
  acknowledgeGuardFindings(stateful, stateless);
  return { app, stateful, stateless, edge };
}
