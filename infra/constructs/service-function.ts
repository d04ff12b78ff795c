/**
 * The house function construct: every Lambda is Node.js 24 on arm64, bundled with esbuild as ESM with
 * source maps, traced, with a log group of fixed retention and a role that holds only what `bind*`
 * grants. No resource names are hard-coded.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal, type IRole } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import type { FunctionDefinition } from '../../shared/deployment/routes.ts';
import { powertoolsEnvironment } from '../../shared/deployment/service.ts';
import type { Messaging } from './messaging.ts';

export const repositoryRoot = join(import.meta.dirname, '..', '..');

export interface ServiceFunctionProps {
  definition: FunctionDefinition;
  /** A role made elsewhere (the permit key's policy names it); a fresh role otherwise. */
  role?: IRole;
}

export class ServiceFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: IRole;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    const { definition } = props;
    this.logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    this.role = props.role ?? new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn, `${this.logGroup.logGroupArn}:*`],
      }),
    );
    this.function = new NodejsFunction(this, 'Function', {
      entry: join(repositoryRoot, definition.entry),
      handler: 'handler',
      description: definition.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: definition.memoryMb,
      timeout: Duration.seconds(definition.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      projectRoot: repositoryRoot,
      depsLockFilePath: join(repositoryRoot, 'package-lock.json'),
      environment: {
        ...powertoolsEnvironment,
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        forceDockerBundling: false,
        // Some dependencies still call require(); ESM bundles need it defined.
        banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
    });
  }

  /** Read or write access to the table's items and indexes, and TABLE_NAME. */
  bindTable(table: ITable, access: 'read' | 'write'): this {
    if (access === 'read') table.grantReadData(this.role);
    else table.grantReadWriteData(this.role);
    this.function.addEnvironment('TABLE_NAME', table.tableName);
    return this;
  }

  /** Send to or consume from a queue, with its URL in `variable` (INTAKE_QUEUE_URL, NOTIFICATION_QUEUE_URL). */
  bindQueue(queue: IQueue, access: 'send' | 'consume', variable: string): this {
    if (access === 'send') queue.grantSendMessages(this.role);
    else queue.grantConsumeMessages(this.role);
    this.function.addEnvironment(variable, queue.queueUrl);
    return this;
  }

  /** Send email and SMS from the deployment's sender identities, and where the status page links point. */
  bindMessaging(messaging: Messaging, publicBaseUrl: string): this {
    messaging.grantSend(this.role);
    this.function.addEnvironment('EMAIL_FROM_ADDRESS', messaging.emailFromAddress);
    this.function.addEnvironment('SMS_ORIGINATION_IDENTITY', messaging.smsOriginationArn);
    this.function.addEnvironment('PUBLIC_BASE_URL', publicBaseUrl);
    return this;
  }

  /** The permit key: the key's own policy decides who may sign or read it; this sets the environment. */
  bindPermitKey(key: IKey, access: 'sign' | 'publish'): this {
    this.function.addEnvironment(access === 'sign' ? 'PERMIT_SIGNING_KEY_ARN' : 'PERMIT_PUBLISHED_KEY_ARNS', key.keyArn);
    return this;
  }
}
