/**
 * The per-client rate limits in AWS: a CloudFront web ACL, which AWS WAF keeps in us-east-1 whatever the
 * region of the rest (an HTTP API cannot take a web ACL itself). One rate-based rule per limit of
 * shared/deployment/client-limits.ts, counting per viewer IP address as CloudFront sees it, answers 429
 * with the contract's body. The stateless stack attaches it to the distribution through its `WebAclArn`
 * parameter; the API refuses requests that skip CloudFront, so these limits cannot be walked around.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { clientLimits, type ClientLimit } from '../shared/deployment/client-limits.ts';

const tooManyRequestsBody = 'too-many-requests';

/** The requests a limit counts, as a WAF statement; none for a limit on every path. */
function scopeDown(limit: ClientLimit): CfnWebACL.StatementProperty | undefined {
  // Paths are matched percent-decoded, as API Gateway routes them, so an encoded spelling counts the same.
  const path = (searchString: string, positionalConstraint: 'EXACTLY' | 'STARTS_WITH'): CfnWebACL.StatementProperty => ({
    byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint, searchString, textTransformations: [{ priority: 0, type: 'URL_DECODE' }] },
  });
  if ('pathPrefix' in limit.match) return limit.match.pathPrefix === '/' ? undefined : path(limit.match.pathPrefix, 'STARTS_WITH');
  const method: CfnWebACL.StatementProperty = {
    byteMatchStatement: { fieldToMatch: { method: {} }, positionalConstraint: 'EXACTLY', searchString: limit.match.method, textTransformations: [{ priority: 0, type: 'NONE' }] },
  };
  return { andStatement: { statements: [method, path(limit.match.path, 'EXACTLY')] } };
}

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({ cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });

export class EdgeStack extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.webAcl = new CfnWebACL(this, 'ClientLimits', {
      scope: 'CLOUDFRONT',
      description: 'Permit fast-track per-client rate limits, from shared/deployment/client-limits.ts',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('permit-fast-track'),
      customResponseBodies: {
        [tooManyRequestsBody]: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({ error: 'TooManyRequests', message: 'Too many requests; slow down and retry shortly.' }),
        },
      },
      rules: clientLimits.map((limit, index) => {
        const statement = scopeDown(limit);
        return {
          name: `per-client-${limit.name}`,
          priority: index,
          statement: {
            rateBasedStatement: { limit: limit.limit, evaluationWindowSec: limit.windowSeconds, aggregateKeyType: 'IP', ...(statement ? { scopeDownStatement: statement } : {}) },
          },
          action: {
            block: {
              customResponse: {
                responseCode: 429,
                customResponseBodyKey: tooManyRequestsBody,
                responseHeaders: [{ name: 'retry-after', value: String(limit.windowSeconds) }],
              },
            },
          },
          visibilityConfig: visibility(`per-client-${limit.name}`),
        };
      }),
    });
    new CfnOutput(this, 'WebAclArn', { value: this.webAcl.attrArn, description: 'Give it to the stateless stack: --parameters PermitFastTrackStateless:WebAclArn=<this>' });
  }
}
