/**
 * What can be replaced at any deployment: the functions (each with its own role, granted what its `needs`
 * say), the HTTP API built from the one route table (JWT authorizer and review scope on clerk routes), the
 * intake and notification consumers, the scheduled jobs, and the web pages behind CloudFront with /api/*
 * routed to that API, CloudFront being the API's only door.
 */
import { CfnOutput, CfnParameter, Duration, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import { type CfnStage, DomainName, HttpApi, HttpMethod, HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { OAuthScope, UserPoolClient, UserPoolClientIdentityProvider, type UserPool, type UserPoolDomain } from 'aws-cdk-lib/aws-cognito';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Role, type IRole } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { consolePath } from '../shared/domain/console-config.ts';
import { defaultThrottle, functions, notificationQueueConsumers, queueConsumers, reviewScopeName, routes, schedules, type FunctionName } from '../shared/deployment/routes.ts';
import { consoleConfig, consoleScopes, openIdConfiguration } from '../shared/deployment/sign-in.ts';
import { intakeQueueSettings, notificationQueueSettings } from '../shared/deployment/table.ts';
import { Messaging } from './constructs/messaging.ts';
import { Operations } from './constructs/operations.ts';
import { ServiceFunction } from './constructs/service-function.ts';
import { WebDistribution } from './constructs/web-distribution.ts';

export interface StatelessStackProps extends StackProps {
  table: Table;
  intakeQueue: Queue;
  deadLetterQueue: Queue;
  notificationQueue: Queue;
  notificationDeadLetterQueue: Queue;
  permitKey: Key;
  /** The roles the permit key's policy names, one per function that signs or publishes. */
  permitKeyRoles: ReadonlyMap<FunctionName, IRole>;
  userPool: UserPool;
  /** Cognito's hosted sign-in domain of the pool. */
  signInDomain: UserPoolDomain;
  /** The built web pages (web/build.ts), published behind CloudFront. */
  webAssetsPath: string;
  /**
   * The API's own domain name and its regional ACM certificate: with one, the default execute-api
   * endpoint is switched off and CloudFront reaches the API by this name (a DNS record must point it at
   * the `ApiDomainTarget` output). Without one the execute-api endpoint stays, refusing what skips CloudFront.
   */
  apiDomain?: { name: string; certificateArn: string };
}

export class StatelessStack extends Stack {
  readonly functions = new Map<FunctionName, ServiceFunction>();
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly operations: Operations;
  readonly web: WebDistribution;
  readonly messaging: Messaging;
  /** The console's app client: code flow with PKCE, sent back to the console behind CloudFront. */
  readonly consoleClient: UserPoolClient;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);

    // The roles the permit key's policy names live with the key; imported here so grants land in this stack.
    const roleFor = new Map<FunctionName, IRole>(
      [...props.permitKeyRoles].map(([name, role]) => [name, Role.fromRoleArn(this, `${name}-role`, role.roleArn, { mutable: true })]),
    );
    // CloudFront adds this secret to every API request; the functions refuse requests without it.
    const originSecret = new Secret(this, 'OriginVerifySecret', {
      description: 'The header CloudFront adds to API requests; API functions refuse requests without it',
      generateSecretString: { excludePunctuation: true, passwordLength: 48 },
    });
    const routedFunctions = new Set(routes.map((route) => route.function));

    for (const [name, definition] of Object.entries(functions) as [FunctionName, (typeof functions)[FunctionName]][]) {
      const service = new ServiceFunction(this, name, { definition, role: roleFor.get(name) });
      if (definition.needs.table) service.bindTable(props.table, definition.needs.table);
      if (definition.needs.intakeQueue) service.bindQueue(props.intakeQueue, definition.needs.intakeQueue, 'INTAKE_QUEUE_URL');
      if (definition.needs.permitKey) service.bindPermitKey(props.permitKey, definition.needs.permitKey);
      if (routedFunctions.has(name)) service.function.addEnvironment('ORIGIN_VERIFY_SECRET', originSecret.secretValue.unsafeUnwrap());
      if (definition.needs.notificationQueue) service.bindQueue(props.notificationQueue, definition.needs.notificationQueue, 'NOTIFICATION_QUEUE_URL');
      this.functions.set(name, service);
    }

    const apiDomain = props.apiDomain
      ? new DomainName(this, 'ApiDomain', { domainName: props.apiDomain.name, certificate: Certificate.fromCertificateArn(this, 'ApiCertificate', props.apiDomain.certificateArn) })
      : undefined;
    this.api = new HttpApi(this, 'Api', {
      createDefaultStage: false,
      description: 'Port-of-entry permit fast-track',
      ...(apiDomain ? { disableExecuteApiEndpoint: true } : {}),
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      detailedMetricsEnabled: true,
      throttle: defaultThrottle,
      ...(apiDomain ? { domainMapping: { domainName: apiDomain } } : {}),
    });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_MONTH });
    const cfnStage = this.stage.node.defaultChild as CfnStage;
    cfnStage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        ip: '$context.identity.sourceIp',
        error: '$context.error.message',
        authorizerError: '$context.authorizer.error',
      }),
    };
    cfnStage.routeSettings = Object.fromEntries(
      routes
        .filter((route) => route.throttle)
        .map((route) => [`${route.method} ${route.path}`, { ThrottlingRateLimit: route.throttle!.rateLimit, ThrottlingBurstLimit: route.throttle!.burstLimit }]),
    );

    // A CloudFront web ACL lives in us-east-1 (infra/edge-stack.ts); its ARN comes in at deployment.
    const webAclArn = new CfnParameter(this, 'WebAclArn', {
      type: 'String',
      description: 'ARN of the CloudFront web ACL with the per-client rate limits (output WebAclArn of the edge stack, in us-east-1)',
      allowedPattern: '^arn:aws[a-z-]*:wafv2:us-east-1:\\d{12}:global/webacl/.+$',
    });
    const signInHost = `${props.signInDomain.domainName}.auth.${this.region}.amazoncognito.com`;
    const signInBase = `https://${signInHost}`;
    this.web = new WebDistribution(this, 'Web', {
      apiOriginDomain: apiDomain ? apiDomain.name : Fn.select(2, Fn.split('/', this.api.apiEndpoint)),
      originSecret,
      webAclArn: webAclArn.valueAsString,
      webAssetsPath: props.webAssetsPath,
      signInHost,
    });
    const consoleUrl = `${this.web.url}${consolePath}`;
    // Tokens as before: an hour for access (a clerk removed from a port group loses it within the hour),
    // a working shift for the refresh token; no password flow outside the hosted sign-in page.
    this.consoleClient = new UserPoolClient(this, 'ConsoleClient', {
      userPool: props.userPool,
      generateSecret: false,
      authFlows: { userSrp: false },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: consoleScopes.map((scope) => OAuthScope.custom(scope)),
        callbackUrls: [consoleUrl],
        logoutUrls: [consoleUrl],
      },
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });
    const issuer = props.userPool.userPoolProviderUrl;
    this.web.publishRuntimeFiles({
      'console-config.json': consoleConfig(issuer, this.consoleClient.userPoolClientId),
      '.well-known/openid-configuration': openIdConfiguration({
        issuer,
        authorization: `${signInBase}/oauth2/authorize`,
        token: `${this.web.url}/oauth2/token`,
        revocation: `${this.web.url}/oauth2/revoke`,
        endSession: `${signInBase}/logout`,
        jwks: `${issuer}/.well-known/jwks.json`,
      }),
    });

    const clerkAuthorizer = new HttpJwtAuthorizer('ClerkJwt', issuer, {
      jwtAudience: [this.consoleClient.userPoolClientId],
    });
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of routes) {
      const integration =
        integrations.get(route.function) ?? new HttpLambdaIntegration(`${route.function}-integration`, this.functions.get(route.function)!.function);
      integrations.set(route.function, integration);
      this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        ...(route.auth === 'clerk' ? { authorizer: clerkAuthorizer, authorizationScopes: [reviewScopeName] } : {}),
      });
    }

    const consumed = [
      { consumers: queueConsumers, queue: props.intakeQueue, settings: intakeQueueSettings },
      { consumers: notificationQueueConsumers, queue: props.notificationQueue, settings: notificationQueueSettings },
    ];
    for (const { consumers, queue, settings } of consumed) {
      for (const name of consumers) {
        this.functions.get(name)!.function.addEventSource(
          new SqsEventSource(queue, { batchSize: settings.batchSize, reportBatchItemFailures: true, maxBatchingWindow: Duration.seconds(1) }),
        );
      }
    }

    for (const schedule of schedules) {
      new Rule(this, `${schedule.function}-schedule`, {
        schedule: Schedule.rate(Duration.minutes(schedule.rateMinutes)),
        targets: [new LambdaFunction(this.functions.get(schedule.function)!.function, { retryAttempts: 2 })],
      });
    }

    this.operations = new Operations(this, 'Operations', {
      functions: this.functions,
      intakeQueue: props.intakeQueue,
      deadLetterQueue: props.deadLetterQueue,
      notificationDeadLetterQueue: props.notificationDeadLetterQueue,
      stage: this.stage,
    });

    // Status page links in messages: the CloudFront address, unless context `publicBaseUrl` names the service's own domain.
    const publicBaseUrl = (this.node.tryGetContext('publicBaseUrl') as string | undefined) ?? `https://${this.web.distribution.distributionDomainName}`;
    this.messaging = new Messaging(this, 'Messaging');
    for (const [name, definition] of Object.entries(functions) as [FunctionName, (typeof functions)[FunctionName]][]) {
      if (definition.needs.messaging) this.functions.get(name)!.bindMessaging(this.messaging, publicBaseUrl);
    }

    if (apiDomain) new CfnOutput(this, 'ApiDomainTarget', { value: apiDomain.regionalDomainName, description: `Point ${apiDomain.name} here (CNAME or alias)` });
    else new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'WebUrl', { value: this.web.url });
    new CfnOutput(this, 'ConsoleUrl', { value: consoleUrl, description: 'Where clerks sign in (Cognito hosted sign-in, code flow with PKCE)' });
  }
}
