// Bundles the CLI for a fast cold start (run by `npm run build` after tsc, which writes the library API to dist/):
//   dist/shipshape.cjs       src/cli/bin.ts and everything it imports, as one CommonJS file;
//   dist/shipshape-lint.cjs  the same without the other commands (a third of the size): what `shipshape lint` loads;
//   dist/shipshape.mjs       the package's bin (src/cli/launch.ts): loads one of them through the V8 code cache.
// CommonJS because Node 20 can only cache compiled code of scripts (vm.Script cachedData), not of ES modules.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
};

const cli = {
  ...common,
  // Through stdin so the entry's #! line stays out of a file that is compiled as a function body.
  stdin: {
    contents: "import './src/cli/bin.ts';",
    resolveDir: root,
    sourcefile: 'shipshape-cli.ts',
    loader: 'ts',
  },
  outfile: join(root, 'dist', 'shipshape.cjs'),
  format: 'cjs',
  // The bundle runs as a vm.Script (for the code cache), which has no dynamic import(): esbuild turns every
  // import() of an external module (node: builtins, better-sqlite3, yaml, ...) into require().
  supported: { 'dynamic-import': false },
  // Loaded from node_modules at run time, and only when needed: mvdan-sh (RUN scripts, through the code cache),
  // yaml (config files), spdx-license-ids (spdx labels); better-sqlite3 and zstd-napi are native modules.
  // @cyclonedx/cyclonedx-library loads its optional XML and JSON-schema plug-ins with a guarded require: left out
  // here, as sbom never serializes XML or validates.
  external: [
    'better-sqlite3',
    'zstd-napi',
    'mvdan-sh',
    'yaml',
    'spdx-license-ids',
    'xmlbuilder2',
    'libxmljs2',
    'ajv',
    'ajv-formats',
    'ajv-formats-draft2019',
  ],
  // import.meta.url is this file's URL, from a CommonJS __filename (createRequire and relative URLs use it).
  inject: [join(root, 'scripts', 'bundle-import-meta.js')],
  define: {
    'import.meta.url': '__shipshapeImportMetaUrl',
    __SHIPSHAPE_VERSION__: JSON.stringify(pkg.version),
    __SHIPSHAPE_BUNDLE__: 'true',
  },
};

await build(cli);

// The launcher starts this one only for `shipshape lint`, so a process never loads both bundles (each has its own
// copy of every module: an error class from one would fail `instanceof` in the other). main.ts imports the other
// commands on demand: here they are stubs that cannot be reached.
const OTHER_COMMANDS = /^\.\/commands\/(?:k8s|sbom|db|scan|hook)\.js$/;
await build({
  ...cli,
  outfile: join(root, 'dist', 'shipshape-lint.cjs'),
  plugins: [
    {
      name: 'lint-only',
      setup(b) {
        b.onResolve({ filter: OTHER_COMMANDS }, (args) =>
          args.importer.endsWith(join('src', 'cli', 'main.ts'))
            ? { path: args.path, namespace: 'lint-only-stub' }
            : undefined,
        );
        b.onLoad({ filter: /.*/, namespace: 'lint-only-stub' }, () => ({
          contents: `const other = () => { throw new Error('the lint bundle runs only shipshape lint'); };
export { other as k8sCommand, other as sbomCommand, other as dbCommand, other as scanCommand, other as hookCommand };`,
          loader: 'js',
        }));
      },
    },
  ],
});

await build({
  ...common,
  entryPoints: [join(root, 'src', 'cli', 'launch.ts')],
  outfile: join(root, 'dist', 'shipshape.mjs'),
  format: 'esm',
});
