import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { OPENAPI_FILE, renderOpenApi } from '../central/openapi';

/** `npm run openapi`: regenerates docs/central-openapi.json from the central contract's schemas. */
const target = resolve(import.meta.dirname, '..', OPENAPI_FILE);
writeFileSync(target, renderOpenApi());
console.log(`wrote ${OPENAPI_FILE}`);
