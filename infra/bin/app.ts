import { buildWeb } from '../../web/build.ts';
import { buildApp } from '../app.ts';

// The web pages are built first: the stateless stack publishes them as an asset.
buildApp({ webAssetsPath: await buildWeb() }).app.synth();
