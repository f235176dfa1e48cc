import { describe, expect, it } from 'vitest';
import { DEFAULT_DB_LIMITS, dbLimitsFromEnv } from '../vuln/db/limits.js';
import { DEFAULT_LIMITS, limitsFromEnv } from './limits.js';

describe('limits from SHIPSHAPE_MAX_* variables', () => {
  it('overrides the named limit and keeps the rest', () => {
    const l = limitsFromEnv({ SHIPSHAPE_MAX_LAYER_ENTRIES: '12', SHIPSHAPE_MAX_IMAGE_BYTES: '' });
    expect(l).toEqual({ ...DEFAULT_LIMITS, layerEntries: 12 });
    expect(dbLimitsFromEnv({ SHIPSHAPE_MAX_ZIP_RATIO: '9' })).toEqual({ ...DEFAULT_DB_LIMITS, zipRatio: 9 });
  });

  it('refuses a value that is not a positive whole number, naming the variable (exit 2)', () => {
    for (const bad of ['0', '-1', '1.5', 'lots', '1e400']) {
      expect(() => limitsFromEnv({ SHIPSHAPE_MAX_LAYER_ENTRIES: bad })).toThrow(
        expect.objectContaining({
          exitCode: 2,
          message: `SHIPSHAPE_MAX_LAYER_ENTRIES=${bad} is not a positive whole number`,
        }),
      );
    }
    expect(() => dbLimitsFromEnv({ SHIPSHAPE_MAX_ZIP_ENTRIES: 'x' })).toThrow(/SHIPSHAPE_MAX_ZIP_ENTRIES=x/);
  });
});
