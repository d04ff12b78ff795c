/**
 * What the templates promise about trust: each function's role holds exactly what its `needs` say, the
 * permit key's policy names exactly the roles that sign or publish and lets no administrator grant
 * themselves Sign, review routes take only access tokens with the review scope, CloudFront is the API's
 * only door, and the web ACL carries the per-client limits.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { buildWeb } from '../../web/build.ts';
import { clientLimits } from '../../shared/deployment/client-limits.ts';
import { functions, reviewScopeName, routes, type FunctionName } from '../../shared/deployment/routes.ts';

let built: ReturnType<typeof buildApp>;
let withDomain: ReturnType<typeof buildApp>;
let stateful: Template;
let stateless: Template;
const names = Object.keys(functions) as FunctionName[];

beforeAll(async () => {
  const webAssetsPath = await buildWeb(mkdtempSync(join(tmpdir(), 'web-')));
  built = buildApp({ webAssetsPath });
  withDomain = buildApp({ webAssetsPath, apiDomain: { name: 'api.permits.example.org', certificateArn: 'arn:aws:acm:ap-southeast-1:111122223333:certificate/0f6e5c1a-0000-4000-8000-000000000000' } }, new App());
  stateful = Template.fromStack(built.stateful);
  stateless = Template.fromStack(built.stateless);
});

/** Whether an IAM action list (wildcards included) allows `action`. */
function grants(actions: string | string[], action: string): boolean {
  return [actions].flat().some((granted) => granted === '*' || granted === action || (granted.endsWith('*') && action.startsWith(granted.slice(0, -1))));
}

/** Every statement of every policy attached to a function's role. */
function statementsOf(name: FunctionName): { Action: string | string[]; Resource: unknown }[] {
  const roleRef = JSON.stringify(built.stateless.resolve(built.stateless.functions.get(name)!.role.roleName));
  return Object.values(stateless.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(roleRef))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}
const actionsOf = (name: FunctionName) => statementsOf(name).flatMap((statement) => [statement.Action].flat());
const permitKeyStatements = () =>
  Object.values(stateful.findResources('AWS::KMS::Key')).find((key) => key.Properties.KeySpec === 'ECC_NIST_P256')!.Properties.KeyPolicy.Statement as Record<string, any>[];

const tableWrites = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

describe('a role per function, granted what its needs say', () => {
  it('gives every function its own role', () => {
    const roles = names.map((name) => JSON.stringify(built.stateless.resolve(built.stateless.functions.get(name)!.role.roleArn)));
    expect(new Set(roles).size).toBe(names.length);
  });

  it.each(names)('%s', (name) => {
    const { needs } = functions[name];
    const actions = actionsOf(name);
    const dynamodb = actions.filter((action) => action.startsWith('dynamodb:'));
    if (!needs.table) expect(dynamodb, 'no table access at all').toEqual([]);
    else expect(dynamodb).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    expect(tableWrites.some((write) => grants(actions, write)), 'writes the table').toBe(needs.table === 'write');
    expect(grants(actions, 'sqs:SendMessage'), 'sends to a queue').toBe(needs.intakeQueue === 'send' || needs.notificationQueue === 'send');
    expect(grants(actions, 'sqs:ReceiveMessage'), 'consumes a queue').toBe(needs.intakeQueue === 'consume' || needs.notificationQueue === 'consume');
    expect(grants(actions, 'ses:SendEmail'), 'sends email').toBe(Boolean(needs.messaging));
    expect(grants(actions, 'sms-voice:SendTextMessage'), 'sends SMS').toBe(Boolean(needs.messaging));
    // The permit key is used through its key policy only; no IAM statement grants it.
    for (const action of ['kms:Sign', 'kms:GetPublicKey', 'kms:CreateGrant']) expect(grants(actions, action), action).toBe(false);
    // Table and queue actions name their resources; only X-Ray's actions take no resource.
    for (const statement of statementsOf(name)) {
      if ([statement.Action].flat().some((action) => /^(dynamodb|sqs|kms):/.test(action))) expect(statement.Resource).not.toBe('*');
    }
  });

  it('lets the permit-keys function read the public key only, and verify-permit read the table and the public key', () => {
    expect(actionsOf('permit-keys').filter((action) => /^(dynamodb|sqs|kms):/.test(action))).toEqual([]);
    expect(actionsOf('verify-permit').filter((action) => action.startsWith('dynamodb:'))).not.toEqual([]);
    const lambda = (name: FunctionName) => stateless.findResources('AWS::Lambda::Function')[built.stateless.getLogicalId(built.stateless.functions.get(name)!.function.node.defaultChild as never)]!;
    for (const name of ['permit-keys', 'verify-permit'] as const) {
      expect(Object.keys(lambda(name).Properties.Environment.Variables)).toContain('PERMIT_PUBLISHED_KEY_ARNS');
      expect(Object.keys(lambda(name).Properties.Environment.Variables)).not.toContain('PERMIT_SIGNING_KEY_ARN');
    }
    expect(Object.keys(lambda('permit-keys').Properties.Environment.Variables)).not.toContain('TABLE_NAME');
  });
});

describe('the permit key policy', () => {
  const roleArnsThat = (use: 'sign' | 'publish') =>
    names.filter((name) => functions[name].needs.permitKey === use).map((name) => built.stateful.resolve(built.stateful.permitKeyRoles.get(name)!.roleArn));
  const principalsAllowed = (action: string) => permitKeyStatements().filter((statement) => grants(statement.Action, action)).flatMap((statement) => [statement.Principal.AWS].flat());
  const byJson = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));

  it('names exactly the roles of the functions that sign, and of those that publish', () => {
    expect(roleArnsThat('sign')).toHaveLength(names.filter((name) => functions[name].needs.permitKey === 'sign').length);
    expect(principalsAllowed('kms:Sign')).toEqual(roleArnsThat('sign'));
    expect(principalsAllowed('kms:GetPublicKey').sort(byJson)).toEqual(roleArnsThat('publish').sort(byJson));
    expect(built.stateful.permitKeyRoles.size).toBe(names.filter((name) => functions[name].needs.permitKey).length);
    // The functions run under those very roles.
    for (const [name, role] of built.stateful.permitKeyRoles) {
      const functionRole = built.stateless.resolve(built.stateless.functions.get(name)!.role.roleArn);
      expect(JSON.stringify(functionRole)).toContain(built.stateful.getLogicalId(role.node.defaultChild as never));
    }
  });

  it('lets no administrator grant themselves Sign: no grants, and the policy changes only by a deployment', () => {
    const statements = permitKeyStatements();
    const administration = statements.find((statement) => statement.Sid === 'KeyAdministration')!;
    expect(JSON.stringify(administration.Principal)).toContain(':root');
    for (const action of ['kms:CreateGrant', 'kms:PutKeyPolicy', 'kms:Sign', 'kms:ReplicateKey', 'kms:ImportKeyMaterial', 'kms:GetPublicKey']) {
      expect(grants(administration.Action, action), action).toBe(false);
    }
    expect(statements.filter((statement) => statement.Effect === 'Allow' && grants(statement.Action, 'kms:CreateGrant'))).toEqual([]);
    const policyWriters = statements.filter((statement) => grants(statement.Action, 'kms:PutKeyPolicy'));
    expect(policyWriters).toHaveLength(1);
    expect(JSON.stringify(policyWriters[0]!.Principal)).toContain(`role/cdk-hnb659fds-cfn-exec-role-\${AWS::AccountId}-\${AWS::Region}`);
    expect(Object.keys(policyWriters[0]!.Principal.AWS)).toEqual(['Fn::Sub']);
  });
});

describe('review routes take only access tokens with the review scope', () => {
  it('requires the scope on every clerk route and on no public one', () => {
    const apiRoutes = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route'));
    for (const route of routes) {
      const resource = apiRoutes.find((candidate) => candidate.Properties.RouteKey === `${route.method} ${route.path}`)!;
      if (route.auth === 'clerk') expect(resource.Properties.AuthorizationScopes, route.path).toEqual([reviewScopeName]);
      else expect(resource.Properties.AuthorizationScopes, route.path).toBeUndefined();
    }
  });

  it('defines the scope on a resource server and lets the console client ask for it in the code flow, with one-hour access tokens', () => {
    stateful.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', { Identifier: reviewScopeName.split('/')[0], Scopes: [{ ScopeName: reviewScopeName.split('/')[1], ScopeDescription: Match.anyValue() }] });
    // The console's client lives beside the distribution it sends clerks back to; none is left in the pool's stack.
    expect(stateful.findResources('AWS::Cognito::UserPoolClient')).toEqual({});
    const clients = Object.entries(stateless.findResources('AWS::Cognito::UserPoolClient'));
    expect(clients).toHaveLength(1);
    const [clientId, { Properties: client }] = clients[0]!;
    expect(client).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', reviewScopeName],
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      SupportedIdentityProviders: ['COGNITO'],
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 720,
      EnableTokenRevocation: true,
    });
    expect(client.TokenValidityUnits).toMatchObject({ AccessToken: 'minutes', RefreshToken: 'minutes' });
    const consoleUrl = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [expect.any(String), 'DomainName'] }, '/console']] };
    expect(client.CallbackURLs).toEqual([consoleUrl]);
    expect(client.LogoutURLs).toEqual([consoleUrl]);
    const authorizer = Object.values(stateless.findResources('AWS::ApiGatewayV2::Authorizer'))[0]!.Properties;
    expect(authorizer.JwtConfiguration.Audience).toEqual([{ Ref: clientId }]);
  });
});

describe('CloudFront is the only door', () => {
  const apiOrigin = (template: Template) => {
    const config = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;
    const behavior = config.CacheBehaviors.find((candidate: { PathPattern: string }) => candidate.PathPattern === '/api/*');
    return { config, origin: config.Origins.find((origin: { Id: string }) => origin.Id === behavior.TargetOriginId) };
  };

  it('sends the origin secret to the API, which every routed function is given to check', () => {
    const { origin } = apiOrigin(stateless);
    const header = origin.OriginCustomHeaders.find((candidate: { HeaderName: string }) => candidate.HeaderName === 'x-origin-verify');
    expect(JSON.stringify(header.HeaderValue)).toMatch(/\{\{resolve:secretsmanager:/);
    const routed = new Set(routes.map((route) => route.function));
    for (const name of names) {
      const lambda = stateless.findResources('AWS::Lambda::Function')[built.stateless.getLogicalId(built.stateless.functions.get(name)!.function.node.defaultChild as never)]!;
      const secret = lambda.Properties.Environment.Variables.ORIGIN_VERIFY_SECRET;
      if (routed.has(name)) expect(secret, name).toEqual(header.HeaderValue);
      else expect(secret, name).toBeUndefined();
    }
  });

  it('attaches the web ACL given at deployment to the distribution', () => {
    const { config } = apiOrigin(stateless);
    expect(config.WebACLId).toEqual({ Ref: 'WebAclArn' });
    expect(stateless.toJSON().Parameters.WebAclArn).toMatchObject({ Type: 'String', AllowedPattern: expect.stringContaining('wafv2:us-east-1') });
  });

  it('switches the execute-api endpoint off when the API has its own domain, which CloudFront then uses', () => {
    expect(Object.values(stateless.findResources('AWS::ApiGatewayV2::Api'))[0]!.Properties.DisableExecuteApiEndpoint).toBeUndefined();
    const domainTemplate = Template.fromStack(withDomain.stateless);
    expect(Object.values(domainTemplate.findResources('AWS::ApiGatewayV2::Api'))[0]!.Properties.DisableExecuteApiEndpoint).toBe(true);
    domainTemplate.hasResourceProperties('AWS::ApiGatewayV2::DomainName', { DomainName: 'api.permits.example.org' });
    domainTemplate.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { Stage: '$default' });
    const domainId = Object.keys(domainTemplate.findResources('AWS::ApiGatewayV2::DomainName'))[0];
    expect(apiOrigin(domainTemplate).origin.DomainName).toEqual({ Ref: domainId });
    domainTemplate.hasOutput('ApiDomainTarget', {});
  });
});

describe('the per-client limits in the web ACL', () => {
  it('is a CloudFront web ACL in us-east-1 with one rate-based rule per limit, per viewer IP, answering 429 with the contract body', () => {
    expect(built.edge.region).toBe('us-east-1');
    const edge = Template.fromStack(built.edge);
    const acl = Object.values(edge.findResources('AWS::WAFv2::WebACL'))[0]!.Properties;
    expect(acl.Scope).toBe('CLOUDFRONT');
    expect(acl.DefaultAction).toEqual({ Allow: {} });
    const body = Object.values(acl.CustomResponseBodies as Record<string, { Content: string }>)[0]!;
    expect(JSON.parse(body.Content)).toEqual({ error: 'TooManyRequests', message: expect.any(String) });
    expect(acl.Rules).toHaveLength(clientLimits.length);
    for (const limit of clientLimits) {
      const rule = acl.Rules.find((candidate: { Name: string }) => candidate.Name === `per-client-${limit.name}`);
      expect(rule.Statement.RateBasedStatement).toMatchObject({ Limit: limit.limit, EvaluationWindowSec: limit.windowSeconds, AggregateKeyType: 'IP' });
      expect(rule.Action.Block.CustomResponse).toMatchObject({ ResponseCode: 429, ResponseHeaders: [{ Name: 'retry-after', Value: String(limit.windowSeconds) }] });
      const scope = JSON.stringify(rule.Statement.RateBasedStatement.ScopeDownStatement ?? {});
      if ('path' in limit.match) expect(scope).toContain(`"SearchString":"${limit.match.path}"`);
      if ('path' in limit.match) expect(scope).toContain(`"SearchString":"${limit.match.method}"`);
      if ('pathPrefix' in limit.match && limit.match.pathPrefix !== '/') expect(scope).toContain(`"PositionalConstraint":"STARTS_WITH"`);
    }
    edge.hasOutput('WebAclArn', {});
  });
});
