import { resolve } from 'node:path';
import { checkBoundaries } from './boundaries';

const root = resolve(import.meta.dirname, '..');
const violations = checkBoundaries(root);
for (const v of violations) console.error(`${v.file}: imports '${v.specifier}' (${v.rule})`);
if (violations.length > 0) {
  console.error(`${violations.length} boundary violation(s): see DESIGN §3 dependency rule`);
  process.exit(1);
}
console.log('boundaries: ok');
