/** Who acts on the review API: a clerk or supervisor and the ports they serve. */
import { forbidden } from './errors.ts';

export type Role = 'clerk' | 'supervisor';

export interface Principal {
  clerkId: string;
  role: Role;
  ports: string[];
}

/** The Cognito group (and local token group) that gives a clerk a port. */
export const portGroup = (port: string) => `port-${port}`;

export function requirePort(principal: Principal, port: string): void {
  if (!principal.ports.includes(port)) throw forbidden('This token does not cover that port.');
}

export function requireSupervisor(principal: Principal): void {
  if (principal.role !== 'supervisor') throw forbidden('Only a supervisor may do that.');
}
