import { describe, expect, it } from 'vitest';
import { type DockerfileModel, parseDockerfile, parseDockerfileWithAst } from './parse.js';
import { mayStartWithFlag } from './scan.js';

/** Everything rules read of a model, as plain data. */
function snapshot(text: string, parse: (t: string) => DockerfileModel): unknown {
  let m: DockerfileModel;
  try {
    m = parse(text);
  } catch (e) {
    return { threw: String((e as Error).message) };
  }
  const instr = (i: DockerfileModel['instructions'][number] | null): unknown =>
    i && {
      keyword: i.keyword,
      line: i.line,
      endLine: i.endLine,
      start: i.start,
      end: i.end,
      keywordEnd: i.keywordEnd,
      argsStart: i.argsStart,
      args: i.args,
      argsMap: Array.from(i.argsMap),
      words: i.words,
      flags: i.flags,
      properties: i.properties,
      json: i.json,
      heredocs: i.heredocs,
      stage: i.stage,
      shell: i.shell,
      posixShell: i.posixShell,
      trigger: instr(i.trigger),
    };
  return {
    escape: m.escape,
    directives: m.directives,
    comments: m.comments,
    problem: m.problem,
    stages: m.stages.map((s) => ({
      ...s,
      from: s.from.line,
      instructions: s.instructions.map((x) => x.line),
    })),
    instructions: m.instructions.map(instr),
  };
}

const expectSame = (text: string) =>
  expect(
    snapshot(text, (t) => parseDockerfile(t)),
    JSON.stringify(text),
  ).toEqual(snapshot(text, (t) => parseDockerfileWithAst(t)));

// Shapes where dockerfile-ast has its own reading (BuildKit's rules and that library's quirks alike).
const CASES = [
  'FROM alpine\nRUN echo hi\n',
  '# syntax=docker/dockerfile:1\n# escape=`\nFROM alpine\nRUN echo a `\n  b\nCOPY C:\\a C:\\b\n',
  '# syntax=x y\n# escape=`\nFROM a\n',
  '#  directive =  value  \n#escape=\\\n\n# escape=`\nFROM a\n',
  'FROM a\nRUN apt-get update && \\\n  # a comment\n\n  apt-get install -y curl \\\n  && rm -rf /x\n',
  'FROM a\nRUN a\\\n  b \\\n#c\n  c\\\\\n  d\n',
  'FROM a\nRUN echo \\"quoted\\" \\$HOME a\\ b\n',
  'FROM a\nRUN --mount=type=cache,target=/root/.cache --network=none pip install x\n',
  'FROM a\nCOPY --from=build --chown=1:1 /a /b\nCOPY x--y --from=z /a /b\nADD --checksum= x y\n',
  'FROM --platform=$BUILDPLATFORM golang:1 AS build\nFROM build\n',
  'FROM a\nHEALTHCHECK --interval=5s --timeout=3s CMD curl -f http://x/ || exit 1\nHEALTHCHECK NONE\n',
  'FROM a\nENV A=1 B="two words" C=\'x\'\nENV D 4 5\nARG E\nARG F=6\nLABEL a=b "c d"="e f" g=\n',
  'FROM a\nLABEL org.a="x" \\\n      org.b="y" \\\n      org.c="z"\nENV PATH=${PATH}:/x HOME=${HOME:-/root}\n',
  'FROM a\nENV A="a\\"b" B=a\\ b C="x\\\n y"\n',
  'FROM a\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n',
  'FROM a\nRUN <<-EOT bash\n\tset -e\n\techo $HOME\n\tEOT\nCOPY <<"A" <<\'B\' /x/\nfirst\nA\nsecond\nB\n',
  'FROM a\nRUN cat <<EOF > /x && echo done\nbody\nEOF\nRUN <<EOF\nnever closed\n',
  'FROM a\nCMD cat <<EOF\nRUN python3 - <<PY\nprint(1)\nPY\n',
  'FROM a\nONBUILD RUN apk add curl\nONBUILD COPY <<EOF /x\nhi\nEOF\nONBUILD\nONBUILD NOPE x\n',
  'FROM a\nRUN ["apt-get", "install", "x"]\nCMD [ "a" , "b" ]\nENTRYPOINT ["bad\nSHELL ["pwsh", "-c"]\nRUN Write-Host hi\n',
  'FROM a\nRUN --mount=type=cache,target=/go \\\n    a \\\n    \\#go build\n\nRUN apk add x\n',
  'FROM a\nLAB$EL a="b" \\\n  \\#c="d"\nCMD ["sh"]\n',
  'from a as b\nrun echo\nRu\\\nN x\n  \t FROM c\n',
  'FROM a\nRUN echo a \\ \nRUN b\n',
  'FROM a\r\nRUN echo a \\\r\n  b\r\n',
  '\uFEFFFROM a\nRUN b\n',
  '',
  '   \n\n# only a comment\n',
  'FROM a\nRUN x \\',
  'FROM a\nENV \\\n  A=1 \\\n  # c\n  B=2\n',
  'FROM a\nEXPOSE 80/tcp 9229\nUSER root:root\nWORKDIR /app\nVOLUME ["/data"]\nSTOPSIGNAL SIGTERM\n',
  // Flags behind a first word that is not plain, and heredocs whose `<<` an escape or continuation splits.
  'FROM a\nCOPY \\\n  --from=b /x /y\nRUN \\--network=none a\nRUN a-b --mount=type=cache,target=/x c\n',
  'FROM a\nRUN x --mount=y z\nADD -- a b\nFROM --platform=x\\\n b\n',
  'FROM a\nRUN cat <\\<EOF\nbody\nEOF\nRUN cat <\\\n<EOF\nbody\nEOF\nCOPY a \\\n  b\n',
];

describe('the scanner reads a Dockerfile as dockerfile-ast does', () => {
  it.each(CASES.map((c) => [c]))('%j', (text) => {
    expectSame(text);
  });

  it('agrees on deterministic mutations of the cases', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const bits = [
      '\\',
      '\\\n',
      '\\ \n',
      '"',
      "'",
      '#',
      ' ',
      '\t',
      '\n',
      '<<EOF\n',
      'EOF\n',
      '${',
      '}',
      '=',
      '--',
      '`',
    ];
    for (let k = 0; k < 400; k++) {
      let text = CASES[Math.floor(random() * CASES.length)]!;
      for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
        const at = Math.floor(random() * (text.length + 1));
        text =
          random() < 0.7
            ? text.slice(0, at) + bits[Math.floor(random() * bits.length)] + text.slice(at)
            : text.slice(0, at) + text.slice(at + 1);
      }
      expectSame(text);
    }
  });
});

describe('mayStartWithFlag', () => {
  const at = (text: string) => mayStartWithFlag(text, 3, text.length, '\\');
  it('is false only for a plain first word without a dash', () => {
    expect(at('RUN apt-get install x')).toBe(true);
    expect(at('RUN --mount=type=cache,target=/x a')).toBe(true);
    expect(at('RUN \\\n  --network=none a')).toBe(true);
    expect(at('RUN a\\-b')).toBe(true);
    expect(at('RUN echo --x')).toBe(false);
    expect(at('RUN   echo\n--x')).toBe(false);
    expect(at('RUN ')).toBe(false);
    expect(mayStartWithFlag('RUN a`b', 3, 7, '`')).toBe(true);
  });
});
