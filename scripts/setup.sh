#!/usr/bin/env bash
# Installs what dermanomaly needs on a fresh Debian/Ubuntu machine with Node 20 and npm:
# nats-server (apt), the pinned pnpm, and the workspace's dependencies from the lockfile; openssl and Python's grpcio
# for the deployment tests.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# nats-server for events, jobs and the object store; Chromium and fonts to render and test the report.
missing=()
command -v nats-server >/dev/null 2>&1 || missing+=(nats-server)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
# The deployment tests: certificates (openssl) and an independent gRPC client (Python grpcio, stubs from proto/).
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
/usr/bin/python3 -c "import grpc" >/dev/null 2>&1 || missing+=(python3-grpcio)
/usr/bin/python3 -c "import grpc_tools.protoc" >/dev/null 2>&1 || missing+=(python3-grpc-tools)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]} (apt-get)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

pnpm_version=$(node -p 'require("./package.json").packageManager.split("@")[1]')
if [ "$(pnpm --version 2>/dev/null || true)" != "$pnpm_version" ]; then
  echo "setup: installing pnpm $pnpm_version (npm)"
  as_root npm install -g --silent "pnpm@$pnpm_version"
fi

# onnxruntime-node would fetch its CUDA provider from outside npm: CPU binaries ship in the package.
# The native TensorFlow packages are optional; where their download fails the wasm backend is used.
export ONNXRUNTIME_NODE_INSTALL="${ONNXRUNTIME_NODE_INSTALL:-skip}"
pnpm install --frozen-lockfile --reporter=silent
echo "setup: ready (node $(node --version), pnpm $(pnpm --version), $(nats-server --version))"
