/**
 * What must outlive a deployment: the table, the intake and notification queues and their DLQs, the encryption key, the permit
 * signing key with the roles its policy names, and the clerks' user pool.
 */
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccountRecovery, Mfa, UserPool, type UserPoolClient, CfnUserPoolGroup } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { AccountRootPrincipal, Effect, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ports } from '../shared/domain/ports.ts';
import { intakeQueueSettings, notificationQueueSettings, tableIndexes, tableKeys, timeToLiveAttribute } from '../shared/deployment/table.ts';
import { portGroup } from '../shared/domain/principal.ts';

const stringKey = (name: string) => ({ name, type: AttributeType.STRING });

export class StatefulStack extends Stack {
  readonly table: Table;
  readonly intakeQueue: Queue;
  readonly deadLetterQueue: Queue;
  /** Applications with messages to deliver; its DLQ holds the deliveries that failed 5 times. */
  readonly notificationQueue: Queue;
  readonly notificationDeadLetterQueue: Queue;
  readonly dataKey: Key;
  readonly permitKey: Key;
  /** The only role that may sign permits (the approving function's). */
  readonly permitSignerRole: Role;
  /** The only role that may read the permit key's public half (the JWKS and verify functions'). */
  readonly permitVerifierRole: Role;
  readonly userPool: UserPool;
  readonly consoleClient: UserPoolClient;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.dataKey = new Key(this, 'DataKey', {
      description: 'Encrypts the permit table and the intake queues',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

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
    for (const index of tableIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        ...(index.projection.type === 'ALL'
          ? { projectionType: ProjectionType.ALL }
          : { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection.nonKeyAttributes] }),
      });
    }

    const retentionPeriod = Duration.days(intakeQueueSettings.retentionDays);
    this.deadLetterQueue = new Queue(this, 'IntakeDeadLetterQueue', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.dataKey,
      enforceSSL: true,
      retentionPeriod,
    });
    this.intakeQueue = new Queue(this, 'IntakeQueue', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.dataKey,
      enforceSSL: true,
      retentionPeriod,
      visibilityTimeout: Duration.seconds(intakeQueueSettings.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: intakeQueueSettings.maxReceiveCount },
    });
    const notificationRetention = Duration.days(notificationQueueSettings.retentionDays);
    this.notificationDeadLetterQueue = new Queue(this, 'NotificationDeadLetterQueue', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.dataKey,
      enforceSSL: true,
      retentionPeriod: notificationRetention,
    });
    this.notificationQueue = new Queue(this, 'NotificationQueue', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.dataKey,
      enforceSSL: true,
      retentionPeriod: notificationRetention,
      visibilityTimeout: Duration.seconds(notificationQueueSettings.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: this.notificationDeadLetterQueue, maxReceiveCount: notificationQueueSettings.maxReceiveCount },
    });

    const lambdaPrincipal = new ServicePrincipal('lambda.amazonaws.com');
    this.permitSignerRole = new Role(this, 'PermitSignerRole', { assumedBy: lambdaPrincipal, description: 'The approving function: signs permits' });
    this.permitVerifierRole = new Role(this, 'PermitVerifierRole', { assumedBy: lambdaPrincipal, description: 'The JWKS and verify functions: read the public key' });
    // The key policy, not IAM, decides who uses the key: administrators manage it but cannot sign.
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
            actions: [
              'kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*',
              'kms:Disable*', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:Delete*', 'kms:TagResource',
              'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion',
            ],
            resources: ['*'],
          }),
          new PolicyStatement({ sid: 'SignPermits', effect: Effect.ALLOW, principals: [this.permitSignerRole], actions: ['kms:Sign'], resources: ['*'] }),
          new PolicyStatement({ sid: 'PublishPublicKey', effect: Effect.ALLOW, principals: [this.permitVerifierRole], actions: ['kms:GetPublicKey', 'kms:DescribeKey'], resources: ['*'] }),
        ],
      }),
    });

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
    this.consoleClient = this.userPool.addClient('ConsoleClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      accessTokenValidity: Duration.hours(8),
      idTokenValidity: Duration.hours(8),
      preventUserExistenceErrors: true,
    });
    for (const groupName of ['clerk', 'supervisor', ...ports.map((port) => portGroup(port.code))]) {
      new CfnUserPoolGroup(this, `Group-${groupName}`, { userPoolId: this.userPool.userPoolId, groupName });
    }
  }
}
