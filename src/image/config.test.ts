import { describe, expect, it } from 'vitest';
import { alignHistory, parseImageConfig } from './config.js';

describe('parseImageConfig', () => {
  it('aligns history to layers, skipping empty_layer entries', () => {
    const c = parseImageConfig({
      os: 'linux',
      architecture: 'arm64',
      variant: 'v8',
      config: {
        User: 'app',
        Entrypoint: ['/entry'],
        Cmd: null,
        Env: ['A=1=2', 'B'],
        Labels: { l: 'v', n: 1 },
      },
      rootfs: { diff_ids: ['sha256:a', 'sha256:b'] },
      history: [
        { created_by: 'ADD rootfs', created: '2024-01-01T00:00:00Z' },
        { created_by: 'ENV X=1', empty_layer: true },
        { created_by: 'RUN make' },
        { created_by: 'CMD x', empty_layer: true },
      ],
    });
    expect(c.layerHistory.map((h) => h?.createdBy)).toEqual(['ADD rootfs', 'RUN make']);
    expect(c).toMatchObject({
      user: 'app',
      entrypoint: ['/entry'],
      cmd: undefined,
      env: { A: '1=2', B: '' },
      labels: { l: 'v' },
    });
    expect(c.os).toBe('linux');
    expect(c.variant).toBe('v8');
  });

  it('leaves layers without history undefined and tolerates garbage', () => {
    expect(
      alignHistory([{ createdBy: 'x', created: undefined, comment: undefined, emptyLayer: false }], 2),
    ).toEqual([{ createdBy: 'x', created: undefined, comment: undefined }, undefined]);
    expect(parseImageConfig('nonsense')).toMatchObject({ env: {}, exposedPorts: [], layerHistory: [] });
  });
});
