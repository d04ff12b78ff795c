/**
 * `npm run --silent token -- --clerk <id> --port <CODE> [--port <CODE>...] [--role clerk|supervisor]`
 * prints a bearer token that the local stack accepts for the review API.
 */
import { parseArgs } from 'node:util';
import { loadIssuerKeys, mintToken, tokenRequestFrom } from './local-issuer.ts';

const usage = 'usage: npm run --silent token -- --clerk <id> --port <CODE> [--port <CODE>...] [--role clerk|supervisor]';

try {
  const { values } = parseArgs({
    options: {
      clerk: { type: 'string' },
      port: { type: 'string', multiple: true },
      role: { type: 'string', default: 'clerk' },
    },
  });
  const request = tokenRequestFrom({ clerk: values.clerk, ports: values.port ?? [], role: values.role });
  if ('refused' in request) throw new Error(`${request.refused}\n${usage}`);
  console.log(mintToken(loadIssuerKeys(), request));
} catch (error) {
  console.error(error instanceof Error ? error.message : usage);
  process.exit(2);
}
