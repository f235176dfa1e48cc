import { describe, expect, it } from 'vitest';
import { memorySource } from '../memory-source.js';
import { pythonCataloger } from './index.js';
import { parsePythonMetadata } from './parse-metadata.js';

const REQUESTS = `Metadata-Version: 2.1
Name: requests
Version: 2.31.0
Summary: Python HTTP for Humans.
Home-page: https://requests.readthedocs.io
Author: Kenneth Reitz
Author-email: me@kennethreitz.org
License: Apache 2.0
Project-URL: Documentation, https://requests.readthedocs.io
Classifier: Development Status :: 5 - Production/Stable
Classifier: License :: OSI Approved :: Apache Software License
Requires-Python: >=3.7
Description-Content-Type: text/markdown
License-File: LICENSE
Requires-Dist: charset-normalizer (<4,>=2)
Requires-Dist: idna (<4,>=2.5)

# Requests

Name: not-a-header
`;

const PYYAML_EGG = `Metadata-Version: 1.2
Name: PyYAML
Version: 6.0
Summary: YAML parser and emitter for Python
License: MIT
Platform: Any
Classifier: License :: OSI Approved :: MIT License
`;

const MULTILINE_LICENSE = `Metadata-Version: 2.1
Name: Some_Package
Version: 1.0.post1
License: Copyright (c) 2020 Someone
        Permission is hereby granted, free of charge, to any person obtaining a copy
        of this software and associated documentation files
Classifier: License :: OSI Approved :: BSD License
`;

describe('parsePythonMetadata', () => {
  it('reads name, version and the License field, ignoring the body', () => {
    expect(parsePythonMetadata(REQUESTS)).toEqual({
      ok: true,
      value: { name: 'requests', version: '2.31.0', licenses: ['Apache 2.0'] },
    });
  });

  it('prefers License-Expression and falls back to classifiers for licence texts', () => {
    expect(
      parsePythonMetadata('Name: a\nVersion: 1\nLicense-Expression: MIT OR Apache-2.0\nLicense: MIT\n'),
    ).toMatchObject({
      value: { licenses: ['MIT OR Apache-2.0'] },
    });
    expect(parsePythonMetadata(MULTILINE_LICENSE)).toMatchObject({ value: { licenses: ['BSD License'] } });
  });

  it('reports metadata without a name or version', () => {
    expect(parsePythonMetadata('Metadata-Version: 2.1\nVersion: 1.0\n')).toEqual({
      ok: false,
      reason: 'metadata without Name field',
    });
    expect(parsePythonMetadata('\u0000\u0001\u0002')).toMatchObject({ ok: false });
  });
});

describe('pythonCataloger', () => {
  it('finds dist-info, egg-info directories and egg-info files', () => {
    const fs = memorySource({
      '/usr/local/lib/python3.12/site-packages/requests-2.31.0.dist-info/METADATA': {
        content: REQUESTS,
        layer: 2,
      },
      '/usr/lib/python3/dist-packages/PyYAML-6.0.egg-info': PYYAML_EGG,
      '/opt/venv/lib/python3.11/site-packages/Some_Package-1.0.post1.egg-info/PKG-INFO': MULTILINE_LICENSE,
      '/opt/venv/lib/python3.11/site-packages/bad-1.0.dist-info/METADATA': 'garbage',
    });
    const r = pythonCataloger.catalog(fs, {});
    expect(r.packages.map((p) => p.purl).sort()).toEqual([
      'pkg:pypi/pyyaml@6.0',
      'pkg:pypi/requests@2.31.0',
      'pkg:pypi/some-package@1.0.post1',
    ]);
    expect(r.packages.find((p) => p.name === 'requests')).toMatchObject({
      layer: 2,
      type: 'pypi',
      locations: ['/usr/local/lib/python3.12/site-packages/requests-2.31.0.dist-info/METADATA'],
    });
    expect(r.unknowns).toEqual([
      {
        path: '/opt/venv/lib/python3.11/site-packages/bad-1.0.dist-info/METADATA',
        reason: 'metadata without Name field',
      },
    ]);
  });
});
