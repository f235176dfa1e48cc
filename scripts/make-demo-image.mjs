// Writes examples/goof/image.tar from its recipe (src/vuln/demo-image.ts). Run after `npm run build`:
//   node scripts/make-demo-image.mjs
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeGoofImage } from '../dist/vuln/demo-image.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'examples', 'goof', 'image.tar');
await writeGoofImage(out);
console.log(`wrote ${out}`);
