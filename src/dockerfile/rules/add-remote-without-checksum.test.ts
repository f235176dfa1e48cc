import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './add-remote-without-checksum.js';

const SHA = 'a'.repeat(40);

describe('add-remote-without-checksum', () => {
  it('reports remote files without --checksum', () => {
    expectLines(rule, df('FROM debian:12', 'ADD https://example.com/tool.tgz /opt/'), [2]);
    expectLines(rule, df('FROM debian:12', 'ADD ["http://example.com/a.sh", "/a.sh"]'), [2]);
    expectLines(rule, df('FROM debian:12', 'ADD --chmod=755 https://e.com/x /usr/local/bin/x'), [2]);
    expectLines(rule, df('FROM debian:12', 'ADD local.txt https://e.com/x /d/'), [2]);
  });
  it('reports git repositories without a pinned commit', () => {
    expectLines(rule, df('FROM debian:12', 'ADD https://github.com/moby/buildkit.git /src'), [2]);
    expectLines(rule, df('FROM debian:12', 'ADD https://github.com/moby/buildkit.git#v0.12.0 /src'), [2]);
    expectLines(rule, df('FROM debian:12', 'ADD git@github.com:o/r.git#main /src'), [2]);
    expectLines(
      rule,
      df('FROM debian:12', 'ADD --keep-git-dir=true https://github.com/o/r.git#main:sub /src'),
      [2],
    );
  });
  it('accepts checksums, pinned commits and local sources', () => {
    expectClean(
      rule,
      df(
        'FROM debian:12',
        'ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://e.com/x.tgz /opt/',
      ),
    );
    expectClean(rule, df('FROM debian:12', `ADD https://github.com/o/r.git#${SHA} /src`));
    expectClean(rule, df('FROM debian:12', `ADD git@github.com:o/r.git#${SHA}:docs /docs`));
    expectClean(rule, df('FROM debian:12', 'ADD rootfs.tar.gz /'));
    expectClean(rule, df('FROM debian:12', 'COPY https-notes.txt /d/'));
    expectClean(rule, df('FROM debian:12', 'ONBUILD ADD https://e.com/x /x'));
  });
});
