// The yaml package, loaded on first use: most runs read no YAML (no config file, no YAML lockfile in the image),
// and it is a large module (MBs of RSS) to load at start-up. Through require, not import(): the bundled CLI runs
// as a vm.Script, which has no dynamic import().
import { createRequire } from 'node:module';

let yamlModule: typeof import('yaml') | undefined;

export function yaml(): typeof import('yaml') {
  yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yamlModule;
}
