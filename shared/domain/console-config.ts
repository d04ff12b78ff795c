/**
 * `/console-config.json`, the file the clerk console reads at run time to sign clerks in: which OpenID
 * Connect issuer, which client, which scopes. The stateless stack writes it beside the pages in AWS and
 * the local issuer serves it locally, so the bundle carries no environment of its own.
 */
import * as z from 'zod';

export const consoleConfigSchema = z.object({
  issuer: z.url().meta({ description: 'The issuer identifier; its metadata is served at /.well-known/openid-configuration on the console origin.' }),
  clientId: z.string().min(1),
  scope: z.string().min(1).meta({ description: 'Space-separated scopes to request: openid and the review scope.' }),
});
export type ConsoleConfig = z.infer<typeof consoleConfigSchema>;

/** Where the console lives: the clerks' callback and sign-out address under any origin. */
export const consolePath = '/console';
