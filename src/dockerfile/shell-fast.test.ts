import { describe, expect, it } from 'vitest';
import { parseShellWithMvdan } from './shell.js';
import { parsePlainShell } from './shell-fast.js';

const PLAIN = [
  'apt-get update && apt-get install -y --no-install-recommends curl=7.88 && rm -rf /var/lib/apt/lists/*',
  'a | b && c || d | e; f',
  'A=1 B="two words" cmd --flag=x "quoted $VAR" \'single\' ${X} ${Y:-default} $1 $@',
  'echo a\\ b \\$HOME "a\\"b" > /tmp/x 2>&1 >> y < z &> w >| v',
  'cd /app && npm ci\n# a comment\nnpm run build # trailing',
  'export PATH=$PATH:/opt/bin; echo $PATH',
  '[[ -d /opt ]] && echo "has opt"',
  'cat <<EOT > /etc/motd\nWelcome to $HOSTNAME\nEOT\n',
  "<<'SCRIPT' bash\nfor f in /etc/*.conf; do echo $f; done\nSCRIPT\n",
  'cat <<EOF',
  '<<PY',
  'set -eux; \\\n  apk add --no-cache curl',
  '',
];

const NOT_PLAIN = [
  'echo $(uname -m)',
  'echo `date`',
  'if true; then echo a; fi',
  'for x in a b; do echo $x; done',
  '(cd /x && make)',
  '{ a; b; }',
  'a & b',
  'echo ${#A}',
  "echo $'x'",
  'echo é',
  'a\r\nb',
  'echo "unclosed',
  'a &&',
  '; a',
  'a[1]=2 b',
  '12>x a',
  'cat <<EOF\nbody without an end',
  'local x=$(a)',
];

describe('the plain-shell fast path', () => {
  it('gives what mvdan-sh gives for plain scripts', () => {
    for (const s of PLAIN) {
      const fast = parsePlainShell(s);
      expect(fast, JSON.stringify(s)).not.toBeNull();
      expect(fast).toEqual(parseShellWithMvdan(s));
    }
  });

  it('leaves everything else to mvdan-sh', () => {
    for (const s of NOT_PLAIN) expect(parsePlainShell(s), JSON.stringify(s)).toBeNull();
  });

  it('agrees with mvdan-sh on generated scripts whenever it answers', () => {
    let seed = 11;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const words = [
      'apt-get',
      'install',
      '-y',
      'A=1',
      'B="x y"',
      "'q'",
      '$A',
      '${A}',
      '${A:-x}',
      '"$A-y"',
      '\\$x',
      'a\\ b',
      '*.txt',
      '[',
      '{a,b}',
      'if',
      'done',
      'export',
      'local x',
      '[[ -f x ]]',
      '#c',
      'a#b',
      '2>&1',
      '>f',
      '<f',
      '&>',
      '<<EOF',
      '\nEOF\n',
      '&&',
      '||',
      '|',
      ';',
      '\n',
      '\\\n',
      '$',
      '"',
      "'",
      '(',
      '`x`',
      '12>x',
      '!',
    ];
    let answered = 0;
    for (let k = 0; k < 3000; k++) {
      let s = '';
      for (let n = 1 + Math.floor(random() * 8); n > 0; n--) {
        s += `${words[Math.floor(random() * words.length)]}${random() < 0.8 ? ' ' : ''}`;
      }
      const fast = parsePlainShell(s);
      if (fast === null) continue;
      answered++;
      expect(fast, JSON.stringify(s)).toEqual(parseShellWithMvdan(s));
    }
    expect(answered).toBeGreaterThan(300);
  });
});
