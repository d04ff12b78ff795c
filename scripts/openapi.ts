/** `npm run openapi`: regenerates docs/openapi.json from the zod schemas. */
import { writeFile } from 'node:fs/promises';
import { renderOpenApiDocument } from '../shared/http/openapi.ts';

await writeFile(new URL('../docs/openapi.json', import.meta.url), renderOpenApiDocument());
console.log('Wrote docs/openapi.json');
