#!/usr/bin/env bash
# Writes one service's runtime folder: the service and its workspace closure with production dependencies only
# (`pnpm deploy`), the contracts' proto files where @dermanomaly/contracts reads them, and a link to tsx (which runs
# the TypeScript sources: the project has no build step).
#
# Usage: deploy/docker/closure.sh <service> <out-dir> [<tsx-package-dir>]
#   service          a folder of services/ (preprocess, gan-trainer, ...)
#   out-dir          absent or empty folder to write
#   tsx-package-dir  where the tsx package is installed (the image's /opt/tsx/node_modules/tsx); omitted: no link
#
# It edits pnpm-lock.yaml of the checkout it runs in (see below): run it in a build's own copy of the repository,
# as the Dockerfiles and tests/deploy do. Extra pnpm flags (e.g. --offline) come from PNPM_FLAGS. Install scripts
# do not run here: the install-time downloads of the GPU packages are deploy/docker/native.sh's job.
set -euo pipefail
service=${1:?usage: closure.sh <service> <out-dir> [<tsx-package-dir>]}
out=${2:?usage: closure.sh <service> <out-dir> [<tsx-package-dir>]}
tsx_dir=${3:-}
cd "$(dirname "$0")/../.."
if [ ! -f "services/$service/package.json" ]; then
  echo "closure.sh: no service \"$service\" (expected services/$service/package.json)" >&2
  exit 2
fi
pkg=$(node -p "require('./services/$service/package.json').name")
read -r -a flags <<<"${PNPM_FLAGS:-}"

# pnpm 10 deploys from a shared lockfile only with injected workspace packages (copies instead of links). That
# setting is recorded in the lockfile, so the lockfile is rewritten for it; every third-party version stays as locked.
pnpm install --config.inject-workspace-packages=true --no-frozen-lockfile --prefer-offline --ignore-scripts \
  --reporter=append-only --filter "$pkg..." "${flags[@]}"
pnpm --config.inject-workspace-packages=true --filter "$pkg" deploy --prod --ignore-scripts \
  --reporter=append-only "${flags[@]}" "$out"

# @dermanomaly/contracts reads proto/ two folders above its own (the repository's layout): put it there.
contracts=$(readlink -f "$out/node_modules/@dermanomaly/contracts")
cp -R proto "$contracts/../../proto"
node -e "require('fs').readdirSync('$contracts/../../proto/dermanomaly/v1').length > 0 || process.exit(1)"

if [ -n "$tsx_dir" ]; then ln -sfn "$tsx_dir" "$out/node_modules/tsx"; fi
# Test files are not part of a runtime image.
find "$out" -name '*_test.ts' -type f -delete
echo "closure.sh: $pkg -> $out ($(du -sh "$out" | cut -f1))"
