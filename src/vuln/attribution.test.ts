import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MULTI_STAGE_DOCKERFILE, multiStageImage } from '../../test/support/real-images.js';
import { requireTool } from '../../test/support/tools.js';
import { parseDockerfile } from '../dockerfile/parse.js';
import { inventory } from '../image/inventory.js';
import { attributeLayers, baseLayerCount, type HistoryEntry, readHistory } from './attribution.js';

const layer = (createdBy: string): HistoryEntry => ({ createdBy, emptyLayer: false });
const empty = (createdBy: string): HistoryEntry => ({ createdBy, emptyLayer: true });
const layersOf = (history: HistoryEntry[]) =>
  history.filter((h) => !h.emptyLayer).map((h, index) => ({ index, createdBy: h.createdBy as string }));
const lines = (history: HistoryEntry[], dockerfile: string) =>
  attributeLayers(layersOf(history), history, { model: parseDockerfile(dockerfile), file: 'Dockerfile' });

describe('readHistory', () => {
  it('reads the classic builder, buildah and BuildKit shapes back into instructions', () => {
    const cases: [string, string, string][] = [
      ['/bin/sh -c #(nop) ADD file:aa9d in / ', 'ADD', 'file:aa9d in /'],
      ['/bin/sh -c #(nop)  CMD ["bash"]', 'CMD', '["bash"]'],
      [
        '/bin/sh -c apt-get update &&   apt-get install -y jq',
        'RUN',
        'apt-get update && apt-get install -y jq',
      ],
      ['|2 A=1 B=two /bin/sh -c make $A', 'RUN', 'make $A'],
      ['/bin/bash -o pipefail -c curl x | sh', 'RUN', 'curl x | sh'],
      ['RUN /bin/sh -c npm ci # buildkit', 'RUN', 'npm ci'],
      ['COPY . /app # buildkit', 'COPY', '. /app'],
      ['WORKDIR /app', 'WORKDIR', '/app'],
      [
        '# debian.sh --arch amd64 out/ bookworm @1711929600',
        '',
        '# debian.sh --arch amd64 out/ bookworm @1711929600',
      ],
    ];
    for (const [createdBy, keyword, text] of cases) {
      expect(readHistory(createdBy), createdBy).toEqual({ keyword, text });
    }
  });
});

describe('base layers from history alone', () => {
  it("counts the layers before the base image's closing CMD or ENTRYPOINT", () => {
    // The shape of node:20 on debian: debian's rootfs and CMD, node's layers and CMD, then the app.
    const history = [
      layer('/bin/sh -c #(nop) ADD file:1 in / '),
      empty('/bin/sh -c #(nop)  CMD ["bash"]'),
      layer('/bin/sh -c groupadd node'),
      empty('/bin/sh -c #(nop)  ENTRYPOINT ["docker-entrypoint.sh"]'),
      empty('/bin/sh -c #(nop)  CMD ["node"]'),
      layer('/bin/sh -c npm ci'),
      empty('/bin/sh -c #(nop)  CMD ["node", "app.js"]'),
    ];
    expect(baseLayerCount(history, 3)).toEqual({ count: 2, method: 'cmd-boundary' });
    expect(attributeLayers(layersOf(history), history).layers.map((l) => l.base)).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('falls back to the root filesystem ADD, and says nothing when neither is there', () => {
    const fromScratch = [layer('/bin/sh -c #(nop) ADD file:ab12 in / '), layer('/bin/sh -c make')];
    expect(baseLayerCount(fromScratch, 2)).toEqual({ count: 1, method: 'rootfs-add' });
    const buildkit = [
      layer('ADD alpine-minirootfs-3.19.1-x86_64.tar.gz / # buildkit'),
      layer('RUN /bin/sh -c x # buildkit'),
    ];
    expect(baseLayerCount(buildkit, 2)).toEqual({ count: 1, method: 'rootfs-add' });
    // An ADD of a file somewhere else is not a root filesystem.
    expect(baseLayerCount([layer('ADD app.tar.gz /srv # buildkit')], 1)).toEqual({
      count: 0,
      method: 'none',
    });
    const unknown = attributeLayers([{ index: 0 }, { index: 1 }], []);
    expect(unknown.method).toBe('none');
    expect(unknown.layers.map((l) => l.base)).toEqual([undefined, undefined]);
  });
});

describe('aligning a Dockerfile with the history', () => {
  it('pairs from the end; WORKDIR may or may not have made a layer; stages built FROM a stage count', () => {
    const history = [
      layer('/bin/sh -c #(nop) ADD file:1 in / '),
      empty('/bin/sh -c #(nop)  CMD ["bash"]'),
      layer('RUN /bin/sh -c apt-get update # buildkit'),
      layer('WORKDIR /srv'),
      layer('COPY . . # buildkit'),
      layer('RUN /bin/sh -c npm ci # buildkit'),
    ];
    const dockerfile = `FROM node:20 AS deps
RUN apt-get update
FROM deps
WORKDIR /srv
COPY . .
RUN ["npm", "ci"]
`;
    const a = lines(history, dockerfile);
    expect(a.notes).toEqual([]);
    expect(a.layers.map((l) => [l.base, l.instruction?.line])).toEqual([
      [true, undefined],
      [false, 2],
      [false, 4],
      [false, 5],
      [false, 6],
    ]);
    // The same build where WORKDIR made no layer.
    const noWorkdir = history.filter((h) => h.createdBy !== 'WORKDIR /srv');
    expect(lines(noWorkdir, dockerfile).layers.map((l) => l.instruction?.line)).toEqual([undefined, 2, 5, 6]);
  });

  it('notes a Dockerfile that does not fit, and attributes the rest from history', () => {
    const history = [
      layer('/bin/sh -c #(nop) ADD file:1 in / '),
      empty('/bin/sh -c #(nop)  CMD ["bash"]'),
      layer('/bin/sh -c #(nop) COPY file:2 in /app '),
      layer('/bin/sh -c make'),
    ];
    const a = lines(history, 'FROM debian\nRUN make install\nRUN make\n');
    expect(a.layers.map((l) => [l.base, l.instruction?.line])).toEqual([
      [true, undefined],
      [false, undefined],
      [false, 3],
    ]);
    expect(a.notes).toEqual([
      'Dockerfile:2: RUN does not match layer 1 (/bin/sh -c #(nop) COPY file:2 in /app); layers 0-1 are attributed from the image history (is this the Dockerfile the image was built from?)',
    ]);
    const longer = lines(
      [layer('/bin/sh -c b'), layer('/bin/sh -c c')],
      'FROM debian\nRUN a\nRUN b\nRUN c\n',
    );
    expect(longer.notes.join('\n')).toContain('the final stage makes more layers than the image has (2)');
    const guessed = lines([layer('/bin/sh -c make all')], 'FROM debian\nRUN make\n');
    expect(guessed.layers[0]?.instruction?.line).toBe(2);
    expect(guessed.notes.join('\n')).toContain('the line numbers are a best guess');
  });
});

const hasTools = ['mmdebstrap', 'buildah'].map((t) => requireTool(t)).every(Boolean);
describe.skipIf(!hasTools)('a real two-stage image built with buildah', () => {
  it(
    "maps each layer to the final stage's instruction, as buildah's own history says",
    async () => {
      const img = await multiStageImage();
      const inv = await inventory(img.ref);
      const model = parseDockerfile(MULTI_STAGE_DOCKERFILE);
      const a = attributeLayers(inv.target.layers, inv.history, { model, file: 'Dockerfile' });
      expect(a.notes).toEqual([]);
      // FROM scratch: nothing came from a base image. ADD rootfs.tar, RUN useradd, COPY --from=build.
      expect(a.layers.map((l) => [l.base, l.instruction?.line, l.instruction?.keyword])).toEqual([
        [false, 9, 'ADD'],
        [false, 10, 'RUN'],
        [false, 11, 'COPY'],
      ]);
      // The oracle for what history holds: buildah's own inspect output, read back into the same keywords.
      const inspect = JSON.parse(readFileSync(img.buildahInspect, 'utf8')) as {
        History: { created_by?: string; empty_layer?: boolean }[];
      };
      const made = inspect.History.filter((h) => !h.empty_layer).map(
        (h) => readHistory(h.created_by).keyword,
      );
      expect(made).toEqual(['ADD', 'RUN', 'COPY']);
      // Without the Dockerfile, the root filesystem ADD is taken as the base.
      const guess = attributeLayers(inv.target.layers, inv.history);
      expect([guess.method, guess.layers.map((l) => l.base)]).toEqual(['rootfs-add', [true, false, false]]);
    },
    6 * 60_000,
  );
});
