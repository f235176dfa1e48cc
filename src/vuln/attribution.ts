// Where each image layer came from: the base image or the user's own build, and (with a Dockerfile) which line made it.
import type { DockerfileModel, Instruction } from '../dockerfile/parse.js';

/** One entry of the image config's history, empty_layer entries included. */
export interface HistoryEntry {
  createdBy?: string;
  emptyLayer: boolean;
}

export interface LayerInstruction {
  /** The Dockerfile as the user named it. */
  file: string;
  line: number;
  keyword: string;
  /** The instruction's arguments on one line. */
  text: string;
}

export interface LayerOrigin {
  index: number;
  createdBy?: string;
  /** Whether the layer came with the base image (FROM); undefined when that cannot be told. */
  base: boolean | undefined;
  /** With --dockerfile: the instruction that made the layer. */
  instruction?: LayerInstruction;
}

/**
 * How base layers were told apart: by aligning a Dockerfile with the history, by the base image's closing CMD or
 * ENTRYPOINT, by the root filesystem ADD, or not at all.
 */
export type AttributionMethod = 'dockerfile' | 'cmd-boundary' | 'rootfs-add' | 'none';

export interface Attribution {
  layers: LayerOrigin[];
  method: AttributionMethod;
  /** One-line notes for the user (a Dockerfile that does not match the image). */
  notes: string[];
}

/** A history entry read back into the instruction that wrote it. */
export interface HistoryStep {
  /** RUN, COPY, ADD, CMD, ENTRYPOINT, WORKDIR... or '' when the entry is not an instruction we can read. */
  keyword: string;
  /** The instruction's arguments (a RUN's command without the shell), whitespace collapsed. */
  text: string;
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'busybox']);
const KEYWORD = /^([A-Z]+)(?:\s+|$)/;

/**
 * Drops a shell prefix (`/bin/sh -c `, `/bin/bash -o pipefail -c `): the first word is an absolute path to a shell
 * and `-c` comes within the next few words. Scanned word by word (no regular expression over the whole string).
 */
function stripShell(s: string): string | undefined {
  const words = s.split(' ');
  const first = words[0] ?? '';
  if (!first.startsWith('/') || !SHELLS.has(first.slice(first.lastIndexOf('/') + 1))) return undefined;
  for (let i = 1; i < Math.min(words.length, 8); i++) {
    if (words[i] === '-c') return words.slice(i + 1).join(' ');
  }
  return undefined;
}

/** Drops the build-argument prefix Docker writes before a RUN that saw ARGs: `|2 A=1 B=2 `. */
function stripArgs(s: string): string {
  const m = /^\|(\d{1,4}) /.exec(s);
  if (!m) return s;
  const words = s.slice(m[0].length).split(' ');
  return words.slice(Number(m[1])).join(' ');
}

/**
 * Reads a history `created_by` back into an instruction. Builders write these shapes:
 * - Docker's classic builder and buildah: `/bin/sh -c #(nop) COPY file:<hash> in /app ` (instructions that are not
 *   RUN) and `/bin/sh -c apt-get ...` (RUN), with `|N K=V ...` first when build arguments were in scope;
 * - BuildKit: `RUN /bin/sh -c apt-get ... # buildkit`, `COPY . /app # buildkit`, `CMD ["node"]`.
 */
export function readHistory(createdBy: string | undefined): HistoryStep {
  if (createdBy === undefined) return { keyword: '', text: '' };
  let s = collapse(createdBy).replace(/ # buildkit$/, '');
  s = stripArgs(s);
  const nop = /^(?:\/bin\/sh -c )?#\(nop\) ?/.exec(s);
  if (nop) s = s.slice(nop[0].length);
  else {
    const run = stripShell(s);
    if (run !== undefined) return { keyword: 'RUN', text: run };
  }
  const k = KEYWORD.exec(s);
  if (!k) return { keyword: '', text: s };
  const keyword = k[1] as string;
  let text = s.slice(k[0].length);
  if (keyword === 'RUN') text = stripShell(text) ?? text;
  return { keyword, text };
}

/** Where a COPY or ADD wrote, as history shows it: `… in /app` (classic, buildah) or the last word (BuildKit). */
function historyDestination(text: string): string {
  const at = text.lastIndexOf(' in ');
  const dest = at >= 0 ? text.slice(at + 4) : text.slice(text.lastIndexOf(' ') + 1);
  return normalizeDir(dest);
}

function normalizeDir(p: string): string {
  const trimmed = p.trim().replace(/^["']|["']$/g, '');
  return trimmed.length > 1 ? trimmed.replace(/\/+$/, '') : trimmed;
}

function joinPath(dir: string, p: string): string {
  if (p.startsWith('/')) return p;
  const base = dir.endsWith('/') ? dir : `${dir}/`;
  const joined = `${base}${p}`.replace(/\/\.(?=\/|$)/g, '');
  return joined === '' ? '/' : joined;
}

/** A layer-making instruction of the Dockerfile, with what history would show for it. */
interface Step {
  instruction: Instruction;
  keyword: string;
  text: string;
  /** COPY/ADD: the destination, resolved against the WORKDIR in effect. */
  dest?: string;
  /** WORKDIR makes a layer with some builders and none with others. */
  optional: boolean;
}

const LAYER_KEYWORDS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);

/** The final stage's layer-making instructions, after those of the stages it is built FROM. */
function finalSteps(model: DockerfileModel): Step[] {
  const chain: number[] = [];
  for (let s = model.stages.length - 1; s >= 0 && chain.length <= model.stages.length; ) {
    chain.unshift(s);
    const parent = model.stages[s]?.parent;
    if (parent === null || parent === undefined || parent >= s) break;
    s = parent;
  }
  const steps: Step[] = [];
  let workdir = '/';
  for (const index of chain) {
    for (const instr of model.stages[index]?.instructions ?? []) {
      if (!LAYER_KEYWORDS.has(instr.keyword)) continue;
      const text = collapse(instr.json ? instr.json.join(' ') : instr.args);
      const step: Step = { instruction: instr, keyword: instr.keyword, text, optional: false };
      if (instr.keyword === 'WORKDIR') {
        workdir = normalizeDir(joinPath(workdir, instr.json?.[0] ?? instr.args.trim()));
        step.optional = true;
        step.dest = workdir;
      }
      if (instr.keyword === 'COPY' || instr.keyword === 'ADD') {
        const last = instr.json ? instr.json[instr.json.length - 1] : instr.words[instr.words.length - 1];
        if (last !== undefined) step.dest = normalizeDir(joinPath(workdir, normalizeDir(last)));
      }
      steps.push(step);
    }
  }
  return steps;
}

type Fit = 'exact' | 'kind' | 'none';

function fitOf(layer: HistoryStep, step: Step): Fit {
  if (layer.keyword !== step.keyword) return 'none';
  if (step.keyword === 'RUN') return layer.text === step.text ? 'exact' : 'kind';
  if (step.keyword === 'WORKDIR') return normalizeDir(layer.text) === step.dest ? 'exact' : 'kind';
  return step.dest !== undefined && historyDestination(layer.text) === step.dest ? 'exact' : 'kind';
}

function isBoundary(h: HistoryEntry): boolean {
  const k = readHistory(h.createdBy).keyword;
  return h.emptyLayer && (k === 'CMD' || k === 'ENTRYPOINT');
}

// `ADD file:<hash> in /` (classic, buildah) or `ADD rootfs.tar.xz /` (BuildKit): a whole root filesystem.
const ROOTFS_ARCHIVE = /\.(?:tar|tgz|tar\.gz|tar\.xz|txz|tar\.bz2|tar\.zst)$/;
function isRootfsAdd(createdBy: string | undefined): boolean {
  const step = readHistory(createdBy);
  if (step.keyword !== 'ADD') return false;
  const dest = historyDestination(step.text);
  if (dest !== '/') return false;
  if (/^file:[0-9a-f]+ in \/$/.test(step.text)) return true;
  const src = step.text.split(' ')[0] ?? '';
  return ROOTFS_ARCHIVE.test(src);
}

/**
 * How many of the first layers came with the base image, read from history alone:
 * 1. A base image's Dockerfile ends with CMD or ENTRYPOINT (debian's `CMD ["bash"]`, node's `CMD ["node"]`), which
 *    history keeps as an empty layer; an application's own CMD comes after its layers. So the layers before the last
 *    CMD/ENTRYPOINT that is followed by another layer are the base image's.
 * 2. Otherwise (a base without CMD, or a build FROM scratch), the layers up to the last one that ADDs a whole root
 *    filesystem at `/` are the base operating system.
 * 3. Otherwise it cannot be told.
 */
export function baseLayerCount(
  history: readonly HistoryEntry[],
  layerCount: number,
): { count: number; method: AttributionMethod } {
  let seen = 0;
  let pending: number | undefined;
  let boundary: number | undefined;
  for (const h of history) {
    if (isBoundary(h)) pending = seen;
    else if (!h.emptyLayer) {
      seen++;
      if (pending !== undefined && pending > 0) boundary = pending;
    }
  }
  if (boundary !== undefined) return { count: Math.min(boundary, layerCount), method: 'cmd-boundary' };
  const layers = history.filter((h) => !h.emptyLayer);
  let lastRootfs = -1;
  layers.forEach((h, i) => {
    if (i < layerCount && isRootfsAdd(h.createdBy)) lastRootfs = i;
  });
  if (lastRootfs >= 0) return { count: lastRootfs + 1, method: 'rootfs-add' };
  return { count: 0, method: 'none' };
}

/**
 * Attributes every layer. With a Dockerfile, the image's layers are aligned from the last one backwards with the
 * final stage's RUN, COPY and ADD instructions (and WORKDIR, which some builders make a layer of); layers before the
 * first aligned one came with the base image. Where the Dockerfile stops matching, the rest falls back to history.
 */
export function attributeLayers(
  layers: readonly { index: number; createdBy?: string }[],
  history: readonly HistoryEntry[],
  dockerfile?: { model: DockerfileModel; file: string },
): Attribution {
  const out: LayerOrigin[] = layers.map((l) => ({
    index: l.index,
    ...(l.createdBy !== undefined ? { createdBy: l.createdBy } : {}),
    base: undefined,
  }));
  const notes: string[] = [];
  const fromHistory = baseLayerCount(history, layers.length);
  const markByHistory = (upTo: number) => {
    if (fromHistory.method === 'none') return;
    for (let i = 0; i <= upTo && i < out.length; i++) {
      const o = out[i] as LayerOrigin;
      o.base = i < fromHistory.count;
    }
  };
  if (!dockerfile) {
    markByHistory(out.length - 1);
    return { layers: out, method: fromHistory.method, notes };
  }
  const steps = finalSteps(dockerfile.model);
  let i = out.length - 1;
  let k = steps.length - 1;
  let aligned = 0;
  let exact = 0;
  while (i >= 0 && k >= 0) {
    const layer = out[i] as LayerOrigin;
    const step = steps[k] as Step;
    const how = fitOf(readHistory(layer.createdBy), step);
    if (how !== 'none') {
      aligned++;
      if (how === 'exact') exact++;
      layer.instruction = {
        file: dockerfile.file,
        line: step.instruction.line,
        keyword: step.keyword,
        text: step.text,
      };
      layer.base = false;
      i--;
      k--;
      continue;
    }
    if (step.optional) {
      k--;
      continue;
    }
    break;
  }
  while (k >= 0 && steps[k]?.optional) k--;
  if (aligned > 0 && exact === 0) {
    notes.push(
      `${dockerfile.file}: no instruction matched its layer's history text exactly; the line numbers are a best guess`,
    );
  }
  if (i >= 0 && k >= 0) {
    const layer = out[i] as LayerOrigin;
    const step = steps[k] as Step;
    notes.push(
      `${dockerfile.file}:${step.instruction.line}: ${step.keyword} does not match layer ${i} (${clip(layer.createdBy ?? 'no history')}); ${i === 0 ? 'layer 0 is' : `layers 0-${i} are`} attributed from the image history (is this the Dockerfile the image was built from?)`,
    );
    markByHistory(i);
    return { layers: out, method: 'dockerfile', notes };
  }
  if (k >= 0) {
    notes.push(
      `${dockerfile.file}: the final stage makes more layers than the image has (${out.length}); is this the Dockerfile the image was built from?`,
    );
  }
  // Everything before the first aligned layer is the base image's.
  for (let j = 0; j <= i; j++) (out[j] as LayerOrigin).base = true;
  return { layers: out, method: 'dockerfile', notes };
}

export function clip(s: string, max = 60): string {
  const one = collapse(s);
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
