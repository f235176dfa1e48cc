import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memorySource } from '../memory-source.js';
import { dotnetCataloger } from './index.js';
import { parseDepsJson, parsePackagesLock } from './parse-deps-json.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseDepsJson', () => {
  it('reads the NuGet packages of a framework-dependent app, without its projects', () => {
    expect(parseDepsJson(fixture('WebApi.deps.json'))).toEqual({
      ok: true,
      value: [
        { name: 'Microsoft.Data.Sqlite.Core', version: '8.0.1' },
        { name: 'Newtonsoft.Json', version: '13.0.3' },
        { name: 'SQLitePCLRaw.core', version: '2.1.6' },
        { name: 'System.Memory', version: '4.5.3' },
      ],
    });
  });

  it('reports the runtime a self-contained app carries under its NuGet name', () => {
    expect(parseDepsJson(fixture('Worker.deps.json'))).toEqual({
      ok: true,
      value: [
        { name: 'Microsoft.NETCore.App.Runtime.linux-x64', version: '8.0.1' },
        { name: 'Serilog', version: '3.1.1' },
      ],
    });
  });

  it('accepts a byte order mark and rejects what is not a deps.json', () => {
    expect(parseDepsJson(`\uFEFF{"libraries":{"A/1.0.0":{"type":"package"}}}`)).toEqual({
      ok: true,
      value: [{ name: 'A', version: '1.0.0' }],
    });
    expect(parseDepsJson('{"runtimeTarget":{}}')).toEqual({
      ok: false,
      reason: 'no "libraries" object: not a .deps.json',
    });
    expect(parseDepsJson('{"libraries":')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^invalid JSON/),
    });
    expect(parseDepsJson('[1]')).toEqual({ ok: false, reason: 'not a JSON object' });
    // Keys without a version are not packages.
    expect(parseDepsJson('{"libraries":{"NoVersion":{"type":"package"},"/1.0":{"type":"package"}}}')).toEqual(
      {
        ok: true,
        value: [],
      },
    );
  });
});

describe('parsePackagesLock', () => {
  it('reads resolved versions once across frameworks and runtimes, without projects', () => {
    expect(parsePackagesLock(fixture('packages.lock.json'))).toEqual({
      ok: true,
      value: [
        { name: 'Newtonsoft.Json', version: '13.0.3' },
        { name: 'Microsoft.Extensions.Logging', version: '8.0.0' },
        { name: 'System.Memory', version: '4.5.3' },
      ],
    });
    expect(parsePackagesLock('{"version":1}')).toEqual({
      ok: false,
      reason: 'no "dependencies" object: not a packages.lock.json',
    });
  });
});

describe('dotnetCataloger', () => {
  it('catalogs deps.json and packages.lock.json files, merging by purl', () => {
    const fs = memorySource({
      '/app/WebApi.deps.json': { content: fixture('WebApi.deps.json'), layer: 3 },
      '/app/WebApi.runtimeconfig.json': '{}',
      '/src/WebApi/packages.lock.json': { content: fixture('packages.lock.json'), layer: 1 },
      '/worker/Worker.deps.json': fixture('Worker.deps.json'),
      '/broken/Broken.deps.json': '{"libraries": {',
    });
    const r = dotnetCataloger.catalog(fs, {});
    expect(r.unknowns).toEqual([
      { path: '/broken/Broken.deps.json', reason: expect.stringMatching(/^invalid JSON/) },
    ]);
    expect(r.packages.map((p) => p.purl).sort()).toEqual([
      'pkg:nuget/Microsoft.Data.Sqlite.Core@8.0.1',
      'pkg:nuget/Microsoft.Extensions.Logging@8.0.0',
      'pkg:nuget/Microsoft.NETCore.App.Runtime.linux-x64@8.0.1',
      'pkg:nuget/Newtonsoft.Json@13.0.3',
      'pkg:nuget/SQLitePCLRaw.core@2.1.6',
      'pkg:nuget/Serilog@3.1.1',
      'pkg:nuget/System.Memory@4.5.3',
    ]);
    expect(r.packages.find((p) => p.name === 'Newtonsoft.Json')).toEqual({
      name: 'Newtonsoft.Json',
      version: '13.0.3',
      type: 'nuget',
      purl: 'pkg:nuget/Newtonsoft.Json@13.0.3',
      layer: 3,
      locations: ['/app/WebApi.deps.json', '/src/WebApi/packages.lock.json'],
    });
  });
});
