/**
 * What must outlive a deployment: the table, the intake and notification queues and their DLQs, the
 * encryption key, the permit signing key with the roles its policy names (one per function that signs
 * or publishes), and the clerks' user pool with the review API's scope and its hosted sign-in domain. The
 * console's app client is in the stateless stack, beside the web address it sends clerks back to.
 */
import { Aws, Duration, Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccountRecovery, CfnUserPoolGroup, Mfa, OAuthScope, ResourceServerScope, UserPool, type UserPoolDomain } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { AccountRootPrincipal, ArnPrincipal, Effect, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ports } from '../shared/domain/ports.ts';
import { intakeQueueSettings, notificationQueueSettings, tableIndexes, tableKeys, timeToLiveAttribute } from '../shared/deployment/table.ts';
import { portGroup } from '../shared/domain/principal.ts';
import { functions, reviewScope, type FunctionDefinition, type FunctionName } from '../shared/deployment/routes.ts';
import { limitGrantsToAwsServices } from './constructs/key-policy.ts';

const stringKey = (name: string) => ({ name, type: AttributeType.STRING });

/** What the account's administrators may do with the permit key: manage it, never use it or hand it out. */
export const permitKeyAdministration = [
  'kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListAliases', 'kms:ListGrants', 'kms:ListKeyPolicies',
  'kms:ListResourceTags', 'kms:CreateAlias', 'kms:UpdateAlias', 'kms:DeleteAlias', 'kms:UpdateKeyDescription', 'kms:EnableKey',
  'kms:DisableKey', 'kms:RevokeGrant', 'kms:RetireGrant', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
];

export class StatefulStack extends Stack {
  readonly table: Table;
  readonly intakeQueue: Queue;
  readonly deadLetterQueue: Queue;
  /** Applications with messages to deliver; its DLQ holds the deliveries that failed 5 times. */
  readonly notificationQueue: Queue;
  readonly notificationDeadLetterQueue: Queue;
  readonly dataKey: Key;
  readonly permitKey: Key;
  /** The role of each function that signs with the permit key or publishes its public half, and no other. */
  readonly permitKeyRoles = new Map<FunctionName, Role>();
  readonly userPool: UserPool;
  /** Cognito's hosted sign-in for the clerks (authorize, token, logout). */
  readonly signInDomain: UserPoolDomain;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.dataKey = limitGrantsToAwsServices(
      new Key(this, 'DataKey', {
        description: 'Encrypts the permit table and the intake queues',
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.RETAIN,
      }),
    );

    this.table = new Table(this, 'Table', {
      partitionKey: stringKey(tableKeys.partitionKey),
      sortKey: stringKey(tableKeys.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.dataKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // DynamoDB adds one index per CloudFormation update: an existing table that lacks several of them is
    // brought up to date by deploying with `-c skipTableIndexes=<name>,...`, then again without.
    const skipped = new Set(String(this.node.tryGetContext('skipTableIndexes') ?? '').split(',').map((name) => name.trim()).filter(Boolean));
    for (const index of tableIndexes.filter((candidate) => !skipped.has(candidate.indexName))) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        ...(index.projection.type === 'INCLUDE'
          ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection.nonKeyAttributes] }
          : { projectionType: index.projection.type === 'ALL' ? ProjectionType.ALL : ProjectionType.KEYS_ONLY }),
      });
    }

    const intake = this.queueWithDeadLetter('Intake', intakeQueueSettings);
    this.intakeQueue = intake.queue;
    this.deadLetterQueue = intake.deadLetterQueue;
    const notification = this.queueWithDeadLetter('Notification', notificationQueueSettings);
    this.notificationQueue = notification.queue;
    this.notificationDeadLetterQueue = notification.deadLetterQueue;

    // One role per function that uses the permit key, made here because the key's policy names each one.
    const lambdaPrincipal = new ServicePrincipal('lambda.amazonaws.com');
    for (const [name, definition] of Object.entries(functions) as [FunctionName, FunctionDefinition][]) {
      const use = definition.needs.permitKey;
      if (!use) continue;
      this.permitKeyRoles.set(name, new Role(this, `${name}-role`, { assumedBy: lambdaPrincipal, description: `The ${name} function: ${use === 'sign' ? 'signs permits' : "reads the permit key's public half"}` }));
    }
    const rolesThat = (use: 'sign' | 'publish') =>
      [...this.permitKeyRoles].filter(([name]) => functions[name].needs.permitKey === use).map(([, role]) => role);

    // The key policy alone decides who uses the key (no statement lets IAM policies grant its use).
    // Administrators may describe, enable, disable, tag and schedule its deletion, but neither create a
    // grant nor change the policy, so nobody can give themselves kms:Sign with an API call. The policy is
    // changed only by a deployment: CloudFormation's execution role (the CDK bootstrap's, which only the
    // deploy pipeline assumes) may put it, which KMS also requires of whoever creates a key with a policy.
    const deploymentRole = this.synthesizer.cloudFormationExecutionRole;
    if (!deploymentRole) throw new Error('The permit key policy names the CloudFormation execution role: use a bootstrapped stack synthesizer.');
    this.permitKey = new Key(this, 'PermitSigningKey', {
      description: 'Signs permits (ES256); the private key never leaves KMS',
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
      policy: new PolicyDocument({
        statements: [
          new PolicyStatement({
            sid: 'KeyAdministration',
            effect: Effect.ALLOW,
            principals: [new AccountRootPrincipal()],
            actions: permitKeyAdministration,
            resources: ['*'],
          }),
          new PolicyStatement({
            sid: 'PolicyChangesByDeploymentOnly',
            effect: Effect.ALLOW,
            principals: [new ArnPrincipal(Fn.sub(deploymentRole))],
            actions: ['kms:PutKeyPolicy', 'kms:GetKeyPolicy', 'kms:DescribeKey'],
            resources: ['*'],
          }),
          new PolicyStatement({ sid: 'SignPermits', effect: Effect.ALLOW, principals: rolesThat('sign'), actions: ['kms:Sign'], resources: ['*'] }),
          new PolicyStatement({ sid: 'PublishPublicKey', effect: Effect.ALLOW, principals: rolesThat('publish'), actions: ['kms:GetPublicKey', 'kms:DescribeKey'], resources: ['*'] }),
        ],
      }),
    });
    limitGrantsToAwsServices(this.permitKey);

    this.userPool = new UserPool(this, 'ClerkPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: { minLength: 14, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true, tempPasswordValidity: Duration.days(3) },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Review routes require this scope, which only the console's access tokens carry (never an ID token).
    const review = new ResourceServerScope({ scopeName: reviewScope.name, scopeDescription: 'Review permit applications at the ports of the clerk groups' });
    const reviewApi = this.userPool.addResourceServer('ReviewApi', { identifier: reviewScope.resourceServer, scopes: [review] });
    // A prefix is unique per region across all accounts: the account id makes the default one so.
    const domainPrefix = (this.node.tryGetContext('signInDomainPrefix') as string | undefined) ?? `permit-fast-track-${Aws.ACCOUNT_ID}`;
    this.signInDomain = this.userPool.addDomain('SignIn', { cognitoDomain: { domainPrefix } });
    // The console client of the first release lived here; the previous stateless stack imports its id, so
    // an upgrade keeps it (and the export) for the deployments until the new stateless stack is in place.
    if (String(this.node.tryGetContext('keepFormerConsoleClient')) === 'true') {
      const former = this.userPool.addClient('ConsoleClient', {
        generateSecret: false,
        authFlows: { userSrp: true },
        oAuth: { flows: { authorizationCodeGrant: true }, scopes: [OAuthScope.OPENID, OAuthScope.resourceServer(reviewApi, review)] },
      });
      this.exportValue(former.userPoolClientId);
    }
    for (const groupName of ['clerk', 'supervisor', ...ports.map((port) => portGroup(port.code))]) {
      new CfnUserPoolGroup(this, `Group-${groupName}`, { userPoolId: this.userPool.userPoolId, groupName });
    }
  }

  /** A queue and its dead-letter queue (`<prefix>Queue`, `<prefix>DeadLetterQueue`), encrypted with the data key, TLS only. */
  private queueWithDeadLetter(prefix: string, settings: typeof intakeQueueSettings): { queue: Queue; deadLetterQueue: Queue } {
    const common = { encryption: QueueEncryption.KMS, encryptionMasterKey: this.dataKey, enforceSSL: true, retentionPeriod: Duration.days(settings.retentionDays) };
    const deadLetterQueue = new Queue(this, `${prefix}DeadLetterQueue`, common);
    const queue = new Queue(this, `${prefix}Queue`, {
      ...common,
      visibilityTimeout: Duration.seconds(settings.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: settings.maxReceiveCount },
    });
    return { queue, deadLetterQueue };
  }
}
