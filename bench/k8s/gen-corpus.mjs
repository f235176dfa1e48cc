// Deterministic generator of realistic Kubernetes manifests for bench:k8s: Deployments, StatefulSets, CronJobs
// and Pods with 1–3 containers, Services and ConfigMaps, plain files with comments and `helm template` style
// multi-document files (`# Source:` comments, quoted labels).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEFAULT_FILES = 400;
export const DEFAULT_SEED = 20240611;
const VERSION = 1;

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const IMAGES = [
  'nginx:1.25',
  'redis:7.2-alpine',
  'postgres:16',
  'ghcr.io/acme/api:v2.3.1',
  'busybox',
  'mongo',
  'node:20-slim',
  'registry.k8s.io/pause:3.9',
  'acme/worker:latest',
  'python:3.12@sha256:0f3a1c2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9',
];
const NAMES = ['api', 'web', 'worker', 'cache', 'db', 'sidecar', 'proxy', 'metrics', 'queue', 'auth'];

function container(r, name, indent) {
  const p = ' '.repeat(indent);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  let s = `${p}- name: ${name}\n${p}  image: ${r() < 0.2 ? `"${pick(IMAGES)}"` : pick(IMAGES)}\n`;
  if (r() < 0.5) s += `${p}  imagePullPolicy: IfNotPresent\n`;
  if (r() < 0.6) s += `${p}  ports:\n${p}  - containerPort: ${8000 + Math.floor(r() * 1000)} # app port\n`;
  if (r() < 0.5)
    s += `${p}  env:\n${p}  - name: LOG_LEVEL\n${p}    value: "info"\n${p}  - name: PORT\n${p}    value: '8080'\n`;
  if (r() < 0.7)
    s += `${p}  resources:\n${p}    requests:\n${p}      cpu: 100m\n${p}      memory: 128Mi\n${r() < 0.5 ? `${p}    limits:\n${p}      memory: 256Mi\n` : ''}`;
  const sc = r();
  if (sc < 0.25) s += `${p}  securityContext:\n${p}    capabilities:\n${p}      drop:\n${p}      - all\n`;
  else if (sc < 0.45)
    s += `${p}  securityContext:\n${p}    allowPrivilegeEscalation: false\n${p}    readOnlyRootFilesystem: true\n`;
  else if (sc < 0.5) s += `${p}  securityContext: {}\n`;
  if (r() < 0.4)
    s += `${p}  livenessProbe:\n${p}    httpGet:\n${p}      path: /healthz\n${p}      port: 8080\n${p}    initialDelaySeconds: 5\n`;
  return s;
}

function podSpec(r, base, indent) {
  const p = ' '.repeat(indent);
  let s = '';
  if (r() < 0.3) s += `${p}# runs as the image's user\n`;
  if (r() < 0.3) s += `${p}securityContext:\n${p}  runAsNonRoot: true\n${p}  runAsUser: 10001\n`;
  if (r() < 0.2) s += `${p}serviceAccountName: ${base}\n`;
  s += `${p}containers:\n`;
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++)
    s += container(r, i === 0 ? base : NAMES[Math.floor(r() * NAMES.length)] + i, indent);
  if (r() < 0.3) s += `${p}volumes:\n${p}- name: tmp\n${p}  emptyDir: {}\n`;
  return s;
}

function workload(r, kind, name, helm) {
  const labels = helm
    ? `    app.kubernetes.io/name: ${name}\n    app.kubernetes.io/instance: "release-${name}"\n    helm.sh/chart: "${name}-0.1.0"\n`
    : `    app: ${name}\n`;
  const head = `apiVersion: ${kind === 'Pod' ? 'v1' : kind === 'CronJob' ? 'batch/v1' : 'apps/v1'}\nkind: ${kind}\nmetadata:\n  name: ${name}\n  labels:\n${labels}`;
  if (kind === 'Pod') return `${head}spec:\n${podSpec(r, name, 2)}`;
  const tmpl = (indent) => {
    const p = ' '.repeat(indent);
    return `${p}template:\n${p}  metadata:\n${p}    labels:\n${p}      app: ${name}\n${p}  spec:\n${podSpec(r, name, indent + 4)}`;
  };
  if (kind === 'CronJob')
    return `${head}spec:\n  schedule: "${Math.floor(r() * 60)} * * * *" # hourly\n  jobTemplate:\n    spec:\n${tmpl(6).replace(/( {10}spec:\n)/, '$1          restartPolicy: OnFailure\n')}`;
  const extra = kind === 'StatefulSet' ? `  serviceName: ${name}\n` : '';
  return `${head}spec:\n  replicas: ${1 + Math.floor(r() * 3)}\n${extra}  selector:\n    matchLabels:\n      app: ${name}\n${tmpl(2)}`;
}

const service = (name, helm) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${helm ? `"${name}"` : name}\nspec:\n  selector:\n    app: ${name}\n  ports:\n  - port: 80\n    targetPort: 8080\n`;

/** Writes `files` manifest files into `dir` (unless the same corpus is there); returns the workload count. */
export function ensureCorpus(dir, files = DEFAULT_FILES, seed = DEFAULT_SEED) {
  const metaPath = join(dir, 'corpus.json');
  if (existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
    if (meta.version === VERSION && meta.files === files && meta.seed === seed) return meta;
  }
  if (existsSync(dir)) rmSync(dir, { recursive: true });
  mkdirSync(dir, { recursive: true });
  const r = rng(seed);
  const kinds = ['Deployment', 'Deployment', 'StatefulSet', 'CronJob', 'Pod', 'DaemonSet', 'Job'];
  let workloads = 0;
  let documents = 0;
  for (let f = 0; f < files; f++) {
    const helm = r() < 0.4;
    const docs = [];
    const n = 1 + Math.floor(r() * 4);
    for (let d = 0; d < n; d++) {
      const name = `${NAMES[Math.floor(r() * NAMES.length)]}-${f}-${d}`;
      const kind = kinds[Math.floor(r() * kinds.length)];
      const src = helm ? `# Source: chart-${f}/templates/${kind.toLowerCase()}.yaml\n` : '';
      docs.push(src + workload(r, kind, name, helm));
      workloads++;
      if (r() < 0.5)
        docs.push((helm ? `# Source: chart-${f}/templates/service.yaml\n` : '') + service(name, helm));
    }
    documents += docs.length;
    const header = helm ? '' : `# manifests for app ${f}\n`;
    writeFileSync(
      join(dir, `m${String(f).padStart(4, '0')}.yaml`),
      header + docs.map((d) => `---\n${d}`).join(''),
    );
  }
  const meta = { version: VERSION, files, seed, workloads, documents };
  writeFileSync(metaPath, JSON.stringify(meta, null, 2) + '\n');
  return meta;
}

export function corpusFiles(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}
