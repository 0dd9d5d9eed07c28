# syntax=docker/dockerfile:1
# CPU image of one service: preprocess, scorer, reporter, orchestrator, the CPU reconstructor (and the trainers on
# CPU nodes, with @tensorflow/tfjs-node when its download works, else wasm). One Dockerfile for every service of
# this kind: the steps are the same and only the workspace closure differs, so SERVICE picks it.
#
#   docker build -f deploy/docker/cpu.Dockerfile --build-arg SERVICE=scorer -t dermanomaly/scorer:0.1.0 .
#
# Build arguments (mirrors for builds without direct internet access):
#   SERVICE        folder of services/ to build (required)
#   NODE_IMAGE     Node 20 base image (a registry mirror may be named here)
#   NPM_REGISTRY   npm registry (or mirror) pnpm and npm install from
#   PNPM_VERSION   must equal package.json's packageManager (checked by tests/deploy)
#   TSX_VERSION    must equal the lockfile's tsx (checked by tests/deploy)
#   TFJS_NODE_CDN_STORAGE, TFJS_NODE_BASE_URI, TFJS_BINDING_HOST_MIRROR, HTTPS_PROXY: see native.sh
ARG NODE_IMAGE=node:20-slim

FROM ${NODE_IMAGE} AS build
ARG SERVICE
ARG NPM_REGISTRY=https://registry.npmjs.org/
ARG PNPM_VERSION=10.34.9
ARG TSX_VERSION=4.23.15
ARG TFJS_NODE_CDN_STORAGE=
ARG TFJS_NODE_BASE_URI=
ARG TFJS_BINDING_HOST_MIRROR=
ARG HTTPS_PROXY=
ENV npm_config_registry=${NPM_REGISTRY} \
    ONNXRUNTIME_NODE_INSTALL=skip \
    TFJS_NODE_CDN_STORAGE=${TFJS_NODE_CDN_STORAGE} \
    TFJS_NODE_BASE_URI=${TFJS_NODE_BASE_URI} \
    TFJS_BINDING_HOST_MIRROR=${TFJS_BINDING_HOST_MIRROR}
# python3, make and g++ let node-pre-gyp compile tfjs_binding.node where no prebuilt one can be fetched.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
RUN npm install -g "pnpm@${PNPM_VERSION}" \
 && npm install --prefix /opt/tsx --omit=dev "tsx@${TSX_VERSION}"
WORKDIR /src
COPY . .
RUN test -n "${SERVICE}" || (echo "Set --build-arg SERVICE=<a folder of services/>" >&2; exit 1)
RUN bash deploy/docker/closure.sh "${SERVICE}" /out /opt/tsx/node_modules/tsx \
 && bash deploy/docker/native.sh /out cpu

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
LABEL org.opencontainers.image.title="dermanomaly-${SERVICE}" \
      org.opencontainers.image.description="dermanomaly ${SERVICE} service (CPU)"
# Root owns the files; the service runs as an unprivileged user and writes only to /tmp and /work (emptyDirs in
# Kubernetes, where the root filesystem is read-only).
COPY --from=build /opt/tsx /opt/tsx
COPY --from=build /out /app
ENV NODE_ENV=production HOME=/tmp DERMANOMALY_WORK_DIR=/work
WORKDIR /app
USER 10001:10001
EXPOSE 50050 50051 50052 50053 50054 50055 50056 50057 9464
ENTRYPOINT ["node", "--import", "tsx", "main.ts"]
