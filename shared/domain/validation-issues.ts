/** zod's issues as the contract's: kept apart from the schemas, so that code reporting them loads no schema. */
import type * as z from 'zod';
import type { ValidationIssue } from './errors.ts';

/** zod issues as the contract's `issues`: one per offending field, paths dotted with array indexes. */
export function toValidationIssues(error: z.ZodError): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: [...base, key].join('.'), message: 'This field is not allowed.' });
    } else {
      issues.push({ path: base.join('.'), message: issue.message });
    }
  }
  const seen = new Set<string>();
  return issues.filter((issue) => !seen.has(issue.path) && seen.add(issue.path));
}
