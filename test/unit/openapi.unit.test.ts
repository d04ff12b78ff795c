import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderOpenApiDocument } from '../../shared/http/openapi.ts';
import { routes } from '../../shared/deployment/routes.ts';

describe('OpenAPI document', () => {
  it('is committed up to date (run `npm run openapi` after changing a schema)', () => {
    expect(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8')).toBe(renderOpenApiDocument());
  });

  it('describes every route of the route table', () => {
    const document = JSON.parse(renderOpenApiDocument());
    for (const route of routes.filter((route) => route.path !== '/api/openapi.json')) {
      expect(document.paths[route.path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    }
  });
});
