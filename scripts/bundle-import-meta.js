// Injected into dist/shipshape.cjs by scripts/bundle.mjs: the value of import.meta.url in the CommonJS bundle.
import { pathToFileURL } from 'node:url';

export const __shipshapeImportMetaUrl = pathToFileURL(__filename).href;
