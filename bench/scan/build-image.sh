#!/usr/bin/env bash
# Builds the scan benchmark's images with Debian's tools (no Docker engine), cached by recipe hash:
#   base:  a Debian 12 image of 11 layers (~430 MB uncompressed) with an npm app, as the issue describes;
#   large: the same plus layers that about double its size (to show RSS does not grow with image size).
# Writes, per image, in $BENCH_SCAN_CACHE/<hash>/: oci/ (gzip layers), docker.tar (docker save, uncompressed),
# oci-zstd/ (zstd layers). Prints the cache directory. Needs root (buildah chroot isolation, mmdebstrap).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${BENCH_SCAN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/shipshape-bench-scan}"
recipe_hash="$(cat "$0" "$here/app/package.json" "$here/app/package-lock.json" | sha256sum | cut -c1-16)"
out="$cache/$recipe_hash"
if [ -f "$out/done" ]; then echo "$out"; exit 0; fi
work="$(mktemp -d /var/tmp/shipshape-bench-XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ctx"
echo "building the benchmark images in $work (a few minutes the first time)" >&2
mmdebstrap --quiet --variant=minbase --mode=root bookworm "$work/ctx/rootfs.tar" >&2
cp -r "$here/app" "$work/ctx/app"
(cd "$work/ctx/app" && npm ci --ignore-scripts --no-audit --no-fund >&2)
cat > "$work/ctx/Dockerfile" <<'DOCKERFILE'
FROM scratch
ADD rootfs.tar /
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-pip && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y --no-install-recommends git openssh-client && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev make && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY app/package.json app/package-lock.json ./
COPY app/node_modules ./node_modules
COPY app/server.js ./
RUN useradd --system --uid 10001 app && chown -R app /app
USER app
CMD ["node", "server.js"]
DOCKERFILE
cat > "$work/ctx/Dockerfile.large" <<'DOCKERFILE'
FROM localhost/bench-base
USER root
RUN apt-get update && apt-get install -y --no-install-recommends default-jre-headless && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y --no-install-recommends g++ perl python3-dev && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y --no-install-recommends vim-nox emacs-nox && rm -rf /var/lib/apt/lists/*
COPY app/node_modules /srv/copy1/node_modules
COPY app/node_modules /srv/copy2/node_modules
USER app
DOCKERFILE
B=(buildah --root "$work/storage" --runroot "$work/run" --storage-driver vfs)
"${B[@]}" bud --quiet --isolation chroot --layers --timestamp 0 -t bench-base -f "$work/ctx/Dockerfile" "$work/ctx" >&2
"${B[@]}" bud --quiet --isolation chroot --layers --timestamp 0 -t bench-large -f "$work/ctx/Dockerfile.large" "$work/ctx" >&2
mkdir -p "$work/out"
for name in base large; do
  d="$work/out/$name"
  mkdir -p "$d"
  "${B[@]}" push --quiet "bench-$name" "oci:$d/oci:latest" >&2
  skopeo copy --quiet "oci:$d/oci:latest" "docker-archive:$d/docker.tar:bench/$name:latest" >&2
  skopeo copy --quiet --dest-compress-format zstd "oci:$d/oci:latest" "oci:$d/oci-zstd:latest" >&2
done
mkdir -p "$cache"
rm -rf "$out"
mv "$work/out" "$out"
touch "$out/done"
echo "$out"
