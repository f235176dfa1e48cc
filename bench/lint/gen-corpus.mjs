// Generates the lint benchmark corpus: deterministic, varied Dockerfiles shaped like real-world ones.
// Same seed and CORPUS_VERSION give byte-identical files, so numbers from different runs are comparable.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CORPUS_VERSION = 1;
export const DEFAULT_SEED = 20240611;
export const DEFAULT_COUNT = 1200;

/** mulberry32: small, fast, good enough for picking templates. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function tools(r) {
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const chance = (p) => r() < p;
  const some = (xs, min = 1, max = xs.length) => {
    const n = min + Math.floor(r() * (max - min + 1));
    const copy = [...xs];
    const out = [];
    while (out.length < n && copy.length > 0) out.push(copy.splice(Math.floor(r() * copy.length), 1)[0]);
    return out;
  };
  return { pick, chance, some, int: (lo, hi) => lo + Math.floor(r() * (hi - lo + 1)) };
}

const APT = [
  'curl',
  'ca-certificates',
  'git',
  'build-essential',
  'libpq-dev',
  'gnupg',
  'unzip',
  'wget',
  'tzdata',
  'locales',
  'openssl',
  'jq',
  'netcat-openbsd',
  'libssl-dev',
  'python3',
  'python3-pip',
];
const APT_VERSIONS = {
  curl: '7.88.1-10+deb12u5',
  'ca-certificates': '20230311',
  git: '1:2.39.2-1.1',
  jq: '1.6-2.1',
  wget: '1.21.3-1+b2',
  gnupg: '2.2.40-1.1',
  unzip: '6.0-28',
  tzdata: '2024a-0+deb12u1',
};
const APK = [
  'curl',
  'bash',
  'git',
  'ca-certificates',
  'openssl',
  'tini',
  'su-exec',
  'tzdata',
  'libc6-compat',
  'build-base',
  'python3',
  'postgresql-client',
];
const APK_VERSIONS = {
  curl: '8.5.0-r0',
  bash: '5.2.21-r0',
  git: '2.43.0-r0',
  'ca-certificates': '20240226-r0',
  tini: '0.19.0-r2',
  tzdata: '2024a-r0',
};
const YUM = [
  'curl',
  'git',
  'gcc',
  'make',
  'openssl-devel',
  'wget',
  'tar',
  'gzip',
  'shadow-utils',
  'procps-ng',
];
const PIP = [
  'flask',
  'gunicorn',
  'requests',
  'django',
  'psycopg2-binary',
  'celery',
  'redis',
  'numpy',
  'pandas',
  'uvicorn',
  'fastapi',
  'boto3',
];
const PIP_VERSIONS = {
  flask: '3.0.2',
  gunicorn: '21.2.0',
  requests: '2.31.0',
  django: '5.0.3',
  'psycopg2-binary': '2.9.9',
  celery: '5.3.6',
  redis: '5.0.3',
  numpy: '1.26.4',
  pandas: '2.2.1',
  uvicorn: '0.29.0',
  fastapi: '0.110.0',
  boto3: '1.34.69',
};
const NPM_GLOBAL = ['pm2', 'typescript', 'nodemon', 'serve', 'yarn', 'pnpm'];
const NPM_VERSIONS = {
  pm2: '5.3.1',
  typescript: '5.4.3',
  nodemon: '3.1.0',
  serve: '14.2.1',
  yarn: '1.22.22',
  pnpm: '8.15.5',
};

function aptInstall(t, { pin, clean, recommends, yes }) {
  const pkgs = t.some(APT, 2, 6).map((p) => (pin && APT_VERSIONS[p] ? `${p}=${APT_VERSIONS[p]}` : p));
  const lines = ['RUN apt-get update \\'];
  const flags = [yes ? '-y' : '', recommends ? '' : '--no-install-recommends'].filter(Boolean).join(' ');
  if (t.chance(0.5)) {
    lines.push(`    && apt-get install ${flags} \\`);
    if (t.chance(0.4)) lines.push('    # build and runtime tools');
    for (const p of pkgs) lines.push(`        ${p} \\`);
  } else {
    lines.push(`    && apt-get install ${flags} ${pkgs.join(' ')} \\`);
  }
  if (clean) lines.push('    && rm -rf /var/lib/apt/lists/*');
  else lines[lines.length - 1] = lines[lines.length - 1].replace(/ \\$/, '');
  return lines;
}

function apkAdd(t, { pin, noCache }) {
  const pkgs = t.some(APK, 1, 5).map((p) => (pin && APK_VERSIONS[p] ? `${p}=${APK_VERSIONS[p]}` : p));
  return [`RUN apk add ${noCache ? '--no-cache ' : ''}${pkgs.join(' ')}`];
}

function yumInstall(t) {
  const tool = t.pick(['yum', 'dnf', 'microdnf']);
  const pkgs = t.some(YUM, 1, 4);
  const yes = t.chance(0.8) ? ' -y' : '';
  const clean = t.chance(0.6) ? ` \\\n    && ${tool === 'yum' ? 'yum' : tool} clean all` : '';
  return [`RUN ${tool} install${yes} ${pkgs.join(' ')}${clean}`];
}

function labels(t) {
  if (!t.chance(0.6)) return [];
  const out = ['LABEL org.opencontainers.image.source="https://github.com/example/app" \\'];
  out.push(`      org.opencontainers.image.version="${t.int(0, 3)}.${t.int(0, 20)}.${t.int(0, 9)}" \\`);
  out.push('      org.opencontainers.image.licenses="MIT"');
  if (t.chance(0.2)) out.push('LABEL maintainer="ops@example.com"');
  if (t.chance(0.1)) out.push('LABEL Bad_Label="x"');
  return out;
}

function healthcheck(t, port) {
  if (!t.chance(0.4)) return [];
  return t.chance(0.7)
    ? [
        `HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD curl -fsS http://localhost:${port}/health || exit 1`,
      ]
    : [`HEALTHCHECK CMD ["wget", "-qO-", "http://localhost:${port}/health"]`];
}

function user(t) {
  const r = t.int(0, 4);
  if (r === 0) return [];
  if (r === 1) return ['USER root'];
  if (r === 2) return ['USER node'];
  return ['RUN groupadd -r app && useradd -r -g app -u 10001 app', 'USER 10001'];
}

function smells(t) {
  const out = [];
  if (t.chance(0.15)) out.push('RUN cd /tmp && echo $HOME > /tmp/home');
  if (t.chance(0.08)) out.push('RUN sudo chmod 755 /usr/local/bin/entrypoint.sh');
  if (t.chance(0.1)) out.push('RUN wget https://example.com/tool.tar.gz && tar xzf tool.tar.gz');
  if (t.chance(0.1)) out.push('RUN curl -sL https://example.com/install.sh | bash');
  if (t.chance(0.06)) out.push('MAINTAINER John Doe <john@example.com>');
  if (t.chance(0.08)) out.push('ADD config.json /etc/app/config.json');
  if (t.chance(0.06)) out.push('RUN export PATH=$PATH:/opt/bin; echo $PATH');
  if (t.chance(0.05)) out.push('RUN [[ -d /opt ]] && echo "has opt"');
  return out;
}

function node(t) {
  const v = t.pick(['18', '20', '22', '20.11.1', '18.19.1', 'lts']);
  const variant = t.pick(['', '-alpine', '-slim', '-bookworm-slim']);
  const multi = t.chance(0.6);
  const l = [];
  if (t.chance(0.3)) l.push('# syntax=docker/dockerfile:1.6');
  l.push(`ARG NODE_VERSION=${v}`);
  l.push(`FROM node:\${NODE_VERSION}${variant}${multi ? ' AS build' : ''}`);
  l.push('WORKDIR /usr/src/app');
  l.push(t.chance(0.5) ? 'COPY package.json package-lock.json ./' : 'COPY package*.json ./');
  if (t.chance(0.4)) l.push('RUN --mount=type=cache,target=/root/.npm npm ci');
  else
    l.push(
      t.pick(['RUN npm ci --only=production', 'RUN npm install', 'RUN npm ci && npm cache clean --force']),
    );
  if (t.chance(0.3))
    l.push(
      `RUN npm install -g ${t.pick(NPM_GLOBAL)}${t.chance(0.5) ? `@${NPM_VERSIONS[t.pick(NPM_GLOBAL)]}` : ''}`,
    );
  l.push('COPY . .');
  if (multi) {
    l.push('RUN npm run build');
    l.push('');
    l.push(`FROM node:${v}${variant}`);
    l.push('ENV NODE_ENV=production');
    l.push('WORKDIR /app');
    l.push('COPY --from=build /usr/src/app/dist ./dist');
    l.push('COPY --from=build /usr/src/app/node_modules ./node_modules');
  }
  l.push(...labels(t), ...smells(t));
  const port = t.pick([3000, 8080, 3001]);
  l.push(`EXPOSE ${port}`);
  l.push(...healthcheck(t, port), ...user(t));
  l.push(t.chance(0.7) ? 'CMD ["node", "dist/server.js"]' : 'CMD npm start');
  return l;
}

function python(t) {
  const v = t.pick(['3.12', '3.11-slim', '3.10-alpine', '3.12-slim-bookworm', 'latest']);
  const alpine = v.includes('alpine');
  const l = [];
  l.push(`FROM python:${v}`);
  l.push('ENV PYTHONDONTWRITEBYTECODE=1 \\', '    PYTHONUNBUFFERED=1');
  if (t.chance(0.3)) l.push('ENV PIP_NO_CACHE_DIR=1');
  if (alpine) l.push(...apkAdd(t, { pin: t.chance(0.3), noCache: t.chance(0.6) }));
  else if (t.chance(0.6))
    l.push(
      ...aptInstall(t, {
        pin: t.chance(0.3),
        clean: t.chance(0.7),
        recommends: t.chance(0.3),
        yes: t.chance(0.9),
      }),
    );
  l.push('WORKDIR /app');
  l.push('COPY requirements.txt .');
  const r = t.int(0, 3);
  if (r === 0) l.push('RUN pip install --no-cache-dir -r requirements.txt');
  else if (r === 1) l.push('RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt');
  else {
    const pin = t.chance(0.5);
    l.push(
      `RUN pip install ${t.chance(0.5) ? '--no-cache-dir ' : ''}${t
        .some(PIP, 1, 4)
        .map((p) => (pin ? `${p}==${PIP_VERSIONS[p]}` : p))
        .join(' ')}`,
    );
  }
  l.push('COPY . .');
  l.push(...labels(t), ...smells(t));
  l.push('EXPOSE 8000', ...healthcheck(t, 8000), ...user(t));
  l.push(
    t.pick([
      'CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]',
      'CMD python app.py',
      'ENTRYPOINT ["python", "-m", "app"]',
    ]),
  );
  return l;
}

function go(t) {
  const v = t.pick(['1.22', '1.21-alpine', '1.22-bookworm', '1.20']);
  const l = ['# syntax=docker/dockerfile:1', `FROM golang:${v} AS builder`];
  l.push('ARG TARGETOS', 'ARG TARGETARCH', 'ARG VERSION=dev');
  l.push('WORKDIR /src', 'COPY go.mod go.sum ./');
  l.push(t.chance(0.6) ? 'RUN --mount=type=cache,target=/go/pkg/mod go mod download' : 'RUN go mod download');
  l.push('COPY . .');
  if (t.chance(0.3))
    l.push(
      `RUN go install github.com/golangci/golangci-lint/cmd/golangci-lint${t.chance(0.5) ? '@v1.57.2' : ''}`,
    );
  l.push(
    'RUN --mount=type=cache,target=/root/.cache/go-build \\',
    '    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \\',
    '    go build -ldflags "-s -w -X main.version=${VERSION}" -o /out/app ./cmd/app',
  );
  l.push('');
  const final = t.pick(['scratch', 'gcr.io/distroless/static-debian12:nonroot', 'alpine:3.19', 'alpine']);
  l.push(`FROM ${final}`);
  if (final.startsWith('alpine')) l.push(...apkAdd(t, { pin: t.chance(0.4), noCache: t.chance(0.7) }));
  l.push('COPY --from=builder /out/app /app');
  l.push(...labels(t));
  if (t.chance(0.5)) l.push('USER 65532:65532');
  l.push('ENTRYPOINT ["/app"]');
  return l;
}

function java(t) {
  const maven = t.chance(0.6);
  const l = [];
  if (maven) {
    l.push(`FROM maven:3.9-eclipse-temurin-${t.pick(['17', '21'])} AS build`);
    l.push('WORKDIR /build', 'COPY pom.xml .');
    l.push(
      t.chance(0.5)
        ? 'RUN --mount=type=cache,target=/root/.m2 mvn -B dependency:go-offline'
        : 'RUN mvn -B dependency:go-offline',
    );
    l.push('COPY src ./src', 'RUN mvn -B package -DskipTests');
  } else {
    l.push(
      'FROM gradle:8.7-jdk17 AS build',
      'WORKDIR /home/gradle/project',
      'COPY --chown=gradle:gradle . .',
    );
    l.push('RUN gradle build --no-daemon -x test');
  }
  l.push('');
  l.push(`FROM eclipse-temurin:${t.pick(['17-jre', '21-jre-alpine', '17-jre-jammy'])}`);
  l.push('ARG JAR_FILE=app.jar', 'ENV JAVA_OPTS="-XX:MaxRAMPercentage=75"');
  l.push('WORKDIR /opt/app');
  l.push(
    maven
      ? 'COPY --from=build /build/target/*.jar app.jar'
      : 'COPY --from=build /home/gradle/project/build/libs/*.jar app.jar',
  );
  l.push(...labels(t), ...smells(t), 'EXPOSE 8080', ...healthcheck(t, 8080), ...user(t));
  l.push(
    t.chance(0.6) ? 'ENTRYPOINT ["java", "-jar", "app.jar"]' : 'ENTRYPOINT java $JAVA_OPTS -jar app.jar',
  );
  return l;
}

function debian(t) {
  const l = [
    `FROM ${t.pick(['debian:12', 'debian:bookworm-slim', 'ubuntu:22.04', 'ubuntu:24.04', 'ubuntu', 'debian:latest'])}`,
  ];
  l.push('ARG DEBIAN_FRONTEND=noninteractive');
  l.push(
    ...aptInstall(t, {
      pin: t.chance(0.4),
      clean: t.chance(0.6),
      recommends: t.chance(0.4),
      yes: t.chance(0.85),
    }),
  );
  if (t.chance(0.3)) l.push('RUN apt update && apt install -y vim');
  if (t.chance(0.3))
    l.push(
      'RUN set -eux; \\',
      '    mkdir -p /opt/app; \\',
      '    # keep permissions tight',
      '    chmod 0750 /opt/app',
    );
  l.push(...labels(t), ...smells(t));
  if (t.chance(0.4))
    l.push('COPY entrypoint.sh /usr/local/bin/', 'RUN chmod +x /usr/local/bin/entrypoint.sh');
  l.push(...healthcheck(t, 80), ...user(t));
  l.push(t.chance(0.5) ? 'ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]' : 'CMD ["bash"]');
  return l;
}

function alpine(t) {
  const l = [`FROM alpine:${t.pick(['3.19', '3.18', '3.20', 'latest', 'edge'])}`];
  if (t.chance(0.3)) l.push('SHELL ["/bin/ash", "-eo", "pipefail", "-c"]');
  l.push(...apkAdd(t, { pin: t.chance(0.4), noCache: t.chance(0.6) }));
  if (t.chance(0.3)) l.push('RUN apk update && apk upgrade');
  l.push('RUN addgroup -S app && adduser -S app -G app');
  l.push('COPY --chown=app:app bin/ /usr/local/bin/');
  l.push(...labels(t), ...smells(t));
  if (t.chance(0.4)) l.push('RUN wget -O /tmp/x.tgz https://example.com/x.tgz | tar xz -C /opt');
  l.push('USER app', t.chance(0.5) ? 'ENTRYPOINT ["/sbin/tini", "--"]' : 'CMD ["sh"]');
  return l;
}

function rhel(t) {
  const l = [
    `FROM ${t.pick(['centos:7', 'rockylinux:9', 'fedora:39', 'registry.access.redhat.com/ubi9/ubi-minimal:9.3', 'amazonlinux:2023'])}`,
  ];
  l.push(...yumInstall(t));
  if (t.chance(0.3)) l.push(...yumInstall(t));
  l.push(...labels(t), ...smells(t), ...user(t));
  l.push('CMD ["/bin/bash"]');
  return l;
}

function heredoc(t) {
  const l = [
    '# syntax=docker/dockerfile:1.4',
    `FROM ${t.pick(['debian:12-slim', 'ubuntu:22.04', 'alpine:3.19'])}`,
  ];
  l.push('RUN <<EOF');
  l.push('set -e');
  l.push('apt-get update');
  l.push('apt-get install -y --no-install-recommends ca-certificates curl');
  l.push('rm -rf /var/lib/apt/lists/*');
  l.push('EOF');
  if (t.chance(0.5)) {
    l.push('COPY <<-"CONF" /etc/app.conf', '\tlisten 8080', '\tworkers 4', 'CONF');
  }
  if (t.chance(0.4)) l.push('RUN <<SCRIPT bash', 'for f in /etc/*.conf; do echo $f; done', 'SCRIPT');
  if (t.chance(0.3)) l.push('RUN <<PY', '#!/usr/bin/env python3', 'print("hello")', 'PY');
  if (t.chance(0.3)) l.push('RUN cat <<EOT > /etc/motd', 'Welcome to $HOSTNAME', 'EOT');
  l.push(...labels(t), ...smells(t), 'CMD ["sleep", "infinity"]');
  return l;
}

function onbuild(t) {
  const l = [`FROM ${t.pick(['node:20-alpine', 'python:3.12-slim', 'ruby:3.3'])}`];
  l.push('WORKDIR /app');
  l.push('ONBUILD COPY . /app');
  l.push(
    t.pick([
      'ONBUILD RUN npm install',
      'ONBUILD RUN pip install -r requirements.txt',
      'ONBUILD RUN bundle install',
      'ONBUILD RUN cd /app && make',
    ]),
  );
  if (t.chance(0.3)) l.push('ONBUILD RUN echo $BUILD_ID > /app/build-id');
  if (t.chance(0.3)) l.push('RUN gem install bundler', 'RUN gem install rails:7.1.3');
  l.push(...labels(t), 'CMD ["sh"]');
  return l;
}

function windows(t) {
  const l = ['# escape=`', `FROM mcr.microsoft.com/windows/servercore:${t.pick(['ltsc2022', 'ltsc2019'])}`];
  l.push('SHELL ["powershell", "-Command", "$ErrorActionPreference = \'Stop\';"]');
  l.push(
    'RUN Invoke-WebRequest -Uri https://example.com/app.zip -OutFile app.zip; `',
    '    Expand-Archive app.zip -DestinationPath C:\\app; `',
    '    Remove-Item app.zip',
  );
  l.push('WORKDIR C:\\app', 'COPY . .', 'EXPOSE 80');
  l.push('CMD ["C:\\\\app\\\\app.exe"]');
  return l;
}

function php(t) {
  const l = [`FROM php:${t.pick(['8.3-fpm', '8.2-apache', '8.3-cli-alpine'])}`];
  l.push('RUN docker-php-ext-install pdo pdo_mysql opcache');
  l.push('COPY --from=composer:2 /usr/bin/composer /usr/bin/composer');
  l.push('WORKDIR /var/www/html', 'COPY composer.json composer.lock ./');
  l.push('RUN composer install --no-dev --no-scripts --prefer-dist', 'COPY . .');
  l.push(...labels(t), ...smells(t), ...user(t));
  return l;
}

function messy(t) {
  // Hand-written looking files: lower-case keywords, odd spacing, pragmas, trailing continuations.
  const l = ['from ubuntu:18.04', 'maintainer someone@example.com'];
  l.push('# hadolint ignore=DL3008,DL3015');
  l.push('run apt-get update && apt-get install -y python3 python3-pip && \\', '  pip3 install flask');
  l.push('env   APP_HOME /app', 'add  . $APP_HOME', 'workdir $APP_HOME');
  if (t.chance(0.5)) l.push('expose 5000 99999');
  if (t.chance(0.5)) l.push('CMD python3 app.py', 'CMD ["python3", "app.py"]');
  if (t.chance(0.3)) l.push('COPY a.txt b.txt /dest');
  if (t.chance(0.3)) l.push('HEALTHCHECK CMD true', 'HEALTHCHECK CMD false');
  l.push('ENTRYPOINT ./start.sh');
  return l;
}

const SHAPES = [
  ['node', node, 18],
  ['python', python, 16],
  ['go', go, 12],
  ['java', java, 8],
  ['debian', debian, 12],
  ['alpine', alpine, 10],
  ['rhel', rhel, 6],
  ['heredoc', heredoc, 6],
  ['onbuild', onbuild, 4],
  ['windows', windows, 2],
  ['php', php, 3],
  ['messy', messy, 3],
];

/** The corpus as [name, text] pairs; deterministic for a seed. */
export function generateCorpus(count = DEFAULT_COUNT, seed = DEFAULT_SEED) {
  const r = rng(seed);
  const t = tools(r);
  const total = SHAPES.reduce((s, [, , w]) => s + w, 0);
  const out = [];
  for (let i = 0; i < count; i++) {
    let x = r() * total;
    let shape = SHAPES[0];
    for (const s of SHAPES) {
      x -= s[2];
      if (x < 0) {
        shape = s;
        break;
      }
    }
    const lines = shape[1](t);
    out.push([`${String(i).padStart(4, '0')}-${shape[0]}.Dockerfile`, `${lines.join('\n')}\n`]);
  }
  return out;
}

/** Writes the corpus to `dir` unless a corpus of the same version, seed and count is already there. */
export function ensureCorpus(dir, count = DEFAULT_COUNT, seed = DEFAULT_SEED) {
  const stamp = JSON.stringify({ version: CORPUS_VERSION, seed, count });
  try {
    if (readFileSync(join(dir, 'corpus.json'), 'utf8') === stamp) {
      return readdirSync(dir).filter((f) => f.endsWith('.Dockerfile')).length;
    }
  } catch {
    // no corpus yet
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = generateCorpus(count, seed);
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'corpus.json'), stamp);
  return files.length;
}
