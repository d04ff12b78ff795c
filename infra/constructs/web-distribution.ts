/**
 * The web pages in AWS: a private bucket read only through CloudFront's origin access control, one
 * distribution that serves the pages and routes `/api/*` to the HTTP API and the clerks' token requests
 * to Cognito (same origin, so the browser never needs CORS and `connect-src 'self'` holds), the files
 * the console reads at run time, and the security headers the local server sends
 * (shared/deployment/web-security.ts).
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { contentSecurityPolicy } from '../../shared/deployment/web-security.ts';
import { originVerifyHeader } from '../../shared/http/edge.ts';

export interface WebDistributionProps {
  /** The API's host name: its execute-api name, or its own domain name. */
  apiOriginDomain: string;
  /** Sent to the API as `x-origin-verify` on every request, so the API can refuse whatever skips CloudFront. */
  originSecret: ISecret;
  /** The web ACL with the per-client rate limits (a CloudFront web ACL, made in us-east-1). */
  webAclArn: string;
  /** The built pages (web/build.ts): *.html at the top, bundles and styles under assets/. */
  webAssetsPath: string;
  /** The host name of Cognito's hosted sign-in (`<prefix>.auth.<region>.amazoncognito.com`). */
  signInHost: string;
}

/** Cognito endpoints the console calls with fetch, served under the console's own origin. */
export const signInProxyPaths = ['/oauth2/token', '/oauth2/revoke'] as const;
/** Files the stack writes beside the pages; the page deployment leaves them alone. */
const runtimeFiles = ['console-config.json', '.well-known/*'];

export class WebDistribution extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  readonly deployments: BucketDeployment[];

  constructor(scope: Construct, id: string, props: WebDistributionProps) {
    super(scope, id);
    // CloudFront standard logs are written with ACLs, so this one bucket keeps object-writer ownership.
    this.logBucket = new Bucket(this, 'Logs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Only built files live here; the deployments below delete them with the stack, so the bucket can go too.
    this.bucket = new Bucket(this, 'Assets', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: false,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3-assets/',
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Permit fast-track: the headers of shared/deployment/web-security.ts',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });

    const pageRoutes = new CloudFrontFunction(this, 'PageRoutes', {
      comment: 'Maps /, /status/{id}, /console and /checkpoint to their pages',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromFile({ filePath: join(import.meta.dirname, '..', 'cloudfront', 'web-routes.js') }),
    });

    // API Gateway expects its own host name in Host, so the viewer's Host is not forwarded. The secret
    // header is resolved from Secrets Manager at deployment (a dynamic reference, not in the template).
    const apiOrigin = new HttpOrigin(props.apiOriginDomain, { customHeaders: { [originVerifyHeader]: props.originSecret.secretValue.unsafeUnwrap() } });
    // The code exchange, refresh and revocation go to Cognito through here; the hosted sign-in page itself
    // is visited at Cognito's own address (its cookies belong there).
    const signInOrigin = new HttpOrigin(props.signInHost);
    const signInBehaviour = {
      origin: signInOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: securityHeaders,
    };
    this.distribution = new Distribution(this, 'Distribution', {
      webAclId: props.webAclArn,
      comment: 'Permit fast-track web pages and API',
      // The viewer-request function maps / to index.html already; this covers the root should it ever not run.
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_ALL,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        compress: true,
        functionAssociations: [{ function: pageRoutes, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        // The signed revocation list is the same for everyone: cached as long as the function's Cache-Control
        // says (a minute at most), so checkpoints polling it cost neither a KMS signature nor a Lambda call each.
        '/api/permits/revocations': {
          origin: apiOrigin,
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: CachePolicy.USE_ORIGIN_CACHE_CONTROL_HEADERS,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: securityHeaders,
          compress: true,
        },
        ...Object.fromEntries(signInProxyPaths.map((path) => [path, signInBehaviour])),
        '/api/*': {
          origin: apiOrigin,
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          // Nothing under /api/ is cached; every viewer header but Host (Authorization, Idempotency-Key) reaches the API.
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: securityHeaders,
          compress: true,
        },
      },
    });

    // Pages are revalidated on every load; bundles and styles (unhashed names) are cached for five minutes.
    this.deployments = [
      new BucketDeployment(this, 'DeployPages', {
        destinationBucket: this.bucket,
        sources: [Source.asset(props.webAssetsPath, { exclude: ['assets/**'] })],
        exclude: ['assets/*', ...runtimeFiles],
        cacheControl: [CacheControl.noCache()],
        distribution: this.distribution,
        distributionPaths: ['/*'],
        retainOnDelete: false,
        memoryLimit: 256,
      }),
      new BucketDeployment(this, 'DeployAssets', {
        destinationBucket: this.bucket,
        destinationKeyPrefix: 'assets/',
        sources: [Source.asset(join(props.webAssetsPath, 'assets'))],
        cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.minutes(5))],
        retainOnDelete: false,
        memoryLimit: 256,
      }),
    ];
  }

  /** `https://<distribution>`: the pages, the API under /api/ and the console at /console. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }

  /** Writes JSON files the pages read at run time (the console's sign-in settings) beside them, never cached. */
  publishRuntimeFiles(files: Record<string, unknown>): void {
    this.deployments.push(
      new BucketDeployment(this, 'DeployRuntimeFiles', {
        destinationBucket: this.bucket,
        sources: Object.entries(files).map(([key, value]) => Source.jsonData(key, value)),
        prune: false,
        contentType: 'application/json',
        cacheControl: [CacheControl.noCache()],
        distribution: this.distribution,
        distributionPaths: Object.keys(files).map((key) => `/${key}`),
        retainOnDelete: false,
        memoryLimit: 256,
      }),
    );
  }
}
