/**
 * `npm run --silent token -- --clerk <id> --port <CODE> [--port <CODE>...] [--role clerk|supervisor]`
 * prints a bearer token that the local stack accepts for the review API.
 */
import { parseArgs } from 'node:util';
import { portCodes } from '../../shared/domain/ports.ts';
import { loadIssuerKeys, mintToken } from './local-issuer.ts';

const usage = 'usage: npm run --silent token -- --clerk <id> --port <CODE> [--port <CODE>...] [--role clerk|supervisor]';

try {
  const { values } = parseArgs({
    options: {
      clerk: { type: 'string' },
      port: { type: 'string', multiple: true },
      role: { type: 'string', default: 'clerk' },
    },
  });
  const ports = (values.port ?? []).map((port) => port.toUpperCase());
  const unknown = ports.filter((port) => !portCodes.includes(port));
  if (!values.clerk || ports.length === 0) throw new Error(usage);
  if (unknown.length > 0) throw new Error(`Unknown port(s): ${unknown.join(', ')}. Known: ${portCodes.join(', ')}`);
  if (values.role !== 'clerk' && values.role !== 'supervisor') throw new Error('--role is clerk or supervisor');
  console.log(mintToken(loadIssuerKeys(), { clerkId: values.clerk, ports, role: values.role }));
} catch (error) {
  console.error(error instanceof Error ? error.message : usage);
  process.exit(2);
}
