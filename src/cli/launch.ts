#!/usr/bin/env node
// The published `shipshape` executable (dist/shipshape.mjs, built by scripts/bundle.mjs): loads the bundled CLI
// (dist/shipshape.cjs, src/cli/bin.ts and everything it imports; dist/shipshape-lint.cjs for `shipshape lint`)
// through the V8 code cache for a fast cold start.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { enableCodeCache, loadCommonJs, shipshapeCacheDir } from '../core/code-cache.js';

const cacheDir = shipshapeCacheDir(process.env);
enableCodeCache(cacheDir === null ? null : join(cacheDir, 'compile'));
// `shipshape lint` gets the bundle without the other commands: a third of the code to read and deserialize.
const bundle = process.argv[2] === 'lint' ? './shipshape-lint.cjs' : './shipshape.cjs';
loadCommonJs(fileURLToPath(new URL(bundle, import.meta.url)));
