// DL3010: an archive COPY'd in and then unpacked by a later RUN; ADD unpacks it in one layer.
import type { Instruction } from '../parse.js';
import { commandsOf, wordsNoFlags } from '../rpm-util.js';
import { defineRule } from '../rule.js';
import { copyOperands, dropQuotes, isArchive } from '../rule-util.js';
import type { Command } from '../shell.js';

const UNPACKERS = new Set([
  'unzip',
  'gunzip',
  'bunzip2',
  'unlzma',
  'unxz',
  'zgz',
  'uncompress',
  'zcat',
  'gzcat',
]);

function basename(path: string): string {
  const p = dropQuotes(path);
  return p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
}

function extracts(cmd: Command): boolean {
  if (UNPACKERS.has(cmd.name)) return true;
  if (cmd.name !== 'tar') return false;
  return cmd.args.some(
    (a) =>
      a.value === '--extract' || a.value === '--get' || (a.value.startsWith('-') && a.value.includes('x')),
  );
}

export default defineRule({
  meta: {
    id: 'DL3010',
    severity: 'info',
    description: 'Use ADD to extract a local archive into the image',
    help:
      'COPY of an archive followed by a RUN that unpacks it stores the archive in one layer and its contents ' +
      'in another, so the image carries both for good. `ADD app.tar.gz /opt/app/` unpacks a local tar archive ' +
      'in a single step and keeps only the contents.',
    shell: true,
    commands: [...UNPACKERS, 'tar'],
    origin: 'hadolint',
  },
  create(context) {
    // Archives COPY'd in this stage: basename -> the COPY instructions that brought them.
    let archives = new Map<string, Instruction[]>();
    let extracted: { copy: Instruction; name: string }[] = [];
    let reported = new Set<string>();
    return {
      // hadolint starts over at each FROM, findings of earlier stages included: only the last stage reports.
      FROM() {
        archives = new Map();
        extracted = [];
        reported = new Set();
      },
      COPY(instr) {
        if (instr.onbuild || instr.flags.some((f) => f.name === 'from')) return;
        const ops = copyOperands(instr);
        if (!ops) return;
        const names = isArchive(ops.dest)
          ? [basename(ops.dest)]
          : ops.sources.filter((s) => isArchive(s)).map(basename);
        for (const name of names) archives.set(name, [...(archives.get(name) ?? []), instr]);
      },
      RUN(instr) {
        if (instr.onbuild || archives.size === 0) return;
        const commands = commandsOf(context, instr).filter(extracts);
        for (const cmd of commands) {
          for (const word of wordsNoFlags(cmd)) {
            for (const copy of archives.get(basename(word)) ?? []) {
              const key = `${copy.start}:${basename(word)}`;
              if (reported.has(key)) continue;
              reported.add(key);
              extracted.push({ copy, name: basename(word) });
            }
          }
        }
      },
      done() {
        for (const { copy, name } of extracted) {
          context.report({
            instr: copy,
            message: `'${name}' is copied here and unpacked by a later RUN: use ADD to unpack it in one layer`,
          });
        }
      },
    };
  },
});
