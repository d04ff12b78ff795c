import { App } from 'aws-cdk-lib';
import { buildWeb } from '../../web/build.ts';
import { buildApp } from '../app.ts';

const app = new App();
const apiDomainName = app.node.tryGetContext('apiDomainName') as string | undefined;
const apiCertificateArn = app.node.tryGetContext('apiCertificateArn') as string | undefined;
if (Boolean(apiDomainName) !== Boolean(apiCertificateArn)) throw new Error('Give both apiDomainName and apiCertificateArn (context), or neither.');

// The web pages are built first: the stateless stack publishes them as an asset.
buildApp(
  { webAssetsPath: await buildWeb(), ...(apiDomainName && apiCertificateArn ? { apiDomain: { name: apiDomainName, certificateArn: apiCertificateArn } } : {}) },
  app,
).app.synth();
