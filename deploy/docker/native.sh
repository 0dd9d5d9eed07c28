#!/usr/bin/env bash
# The install-time downloads of the native packages in a service's runtime folder (written by closure.sh), done
# while the image is built so that nothing is fetched when a pod starts.
#
# Usage: deploy/docker/native.sh <out-dir> <cpu|training|inference>
#   cpu        @tensorflow/tfjs-node (CPU libtensorflow), when the service has it; optional: where the download
#              fails, the service trains on the wasm backend (libs/tf picks the best backend that starts)
#   training   @tensorflow/tfjs-node-gpu (libtensorflow 2.9.1 for CUDA 11.2 + cuDNN 8.1); required
#   inference  onnxruntime-node's CUDA 12 execution provider (from NuGet); required
#
# Mirrors (all optional):
#   TFJS_NODE_CDN_STORAGE            host serving libtensorflow (default https://storage.googleapis.com/)
#   TFJS_NODE_BASE_URI               full URI prefix of the libtensorflow archives (overrides the host above; the
#                                    bindings are then compiled from source, which the build stage can do)
#   TFJS_BINDING_HOST_MIRROR         host of the prebuilt tfjs_binding.node (node-pre-gyp's binary host)
#   ORT_CUDA_NUPKG_URL               URL of Microsoft.ML.OnnxRuntime.Gpu.Linux.<version>.nupkg on a mirror; without
#                                    it onnxruntime-node's own script reads api.nuget.org
#   HTTPS_PROXY / GLOBAL_AGENT_HTTPS_PROXY   proxies (tfjs-node's and onnxruntime-node's scripts honour them)
set -euo pipefail
out=${1:?usage: native.sh <out-dir> <cpu|training|inference>}
kind=${2:?usage: native.sh <out-dir> <cpu|training|inference>}

# The folder of an installed package in the pnpm virtual store, or nothing when the service does not have it.
package_dir() {
  local name=$1 store="$out/node_modules/.pnpm" entry
  entry=$(find "$store" -maxdepth 1 -name "$(printf '%s' "$name" | tr / +)@*" | sort | tail -n 1)
  if [ -n "$entry" ] && [ -d "$entry/node_modules/$name" ]; then readlink -f "$entry/node_modules/$name"; fi
}

# tfjs-node's install script downloads libtensorflow, then runs `node-pre-gyp install` from PATH.
install_tfjs() {
  local dir=$1 lib=$2 bin
  bin=$(mktemp -d)
  local pregyp
  pregyp=$(node -p "require.resolve('@mapbox/node-pre-gyp/bin/node-pre-gyp', { paths: ['$dir'] })")
  printf '#!/bin/sh\nexec node "%s" "$@"\n' "$pregyp" >"$bin/node-pre-gyp"
  chmod +x "$bin/node-pre-gyp"
  if [ -n "${TFJS_BINDING_HOST_MIRROR:-}" ]; then export npm_config_tfjs_binding_binary_host_mirror=$TFJS_BINDING_HOST_MIRROR; fi
  (cd "$dir" && PATH="$bin:$PATH" node scripts/install.js "$lib" download)
  rm -rf "$bin"
  ls "$dir"/deps/lib/libtensorflow.so* >/dev/null
  ls "$dir"/lib/napi-v*/tfjs_binding.node >/dev/null
}

case "$kind" in
  cpu)
    dir=$(package_dir @tensorflow/tfjs-node)
    if [ -n "$dir" ]; then
      install_tfjs "$dir" cpu || echo "native.sh: @tensorflow/tfjs-node could not be installed; training falls back to wasm" >&2
    fi
    ;;
  training)
    dir=$(package_dir @tensorflow/tfjs-node-gpu)
    if [ -z "$dir" ]; then echo "native.sh: $out has no @tensorflow/tfjs-node-gpu" >&2; exit 1; fi
    install_tfjs "$dir" gpu
    ;;
  inference)
    dir=$(package_dir onnxruntime-node)
    if [ -z "$dir" ]; then echo "native.sh: $out has no onnxruntime-node" >&2; exit 1; fi
    target=$(find "$dir/bin" -type d -path '*/linux/x64' | head -n 1)
    if [ -n "${ORT_CUDA_NUPKG_URL:-}" ]; then
      tmp=$(mktemp -d)
      curl -fsSL "$ORT_CUDA_NUPKG_URL" -o "$tmp/ort.nupkg"
      for so in libonnxruntime_providers_cuda.so libonnxruntime_providers_shared.so libonnxruntime_providers_tensorrt.so; do
        unzip -p "$tmp/ort.nupkg" "runtimes/linux-x64/native/$so" >"$target/$so"
      done
      rm -rf "$tmp"
    else
      (cd "$dir" && ONNXRUNTIME_NODE_INSTALL=cuda12 node script/install.js)
    fi
    ls "$target/libonnxruntime_providers_cuda.so" >/dev/null
    ;;
  *)
    echo "native.sh: unknown kind \"$kind\": expected cpu, training or inference" >&2
    exit 2
    ;;
esac
