# syntax=docker/dockerfile:1
# Inference image of the reconstructor for GPU nodes: CUDA 12 + cuDNN 9, the versions onnxruntime-node 1.31's CUDA
# execution provider needs. The provider's libraries are not in the npm package: native.sh fetches them while the
# image is built (ONNXRUNTIME_NODE_INSTALL=cuda12, or ORT_CUDA_NUPKG_URL from a mirror).
#
#   docker build -f deploy/docker/inference.Dockerfile --build-arg SERVICE=reconstructor \
#     -t dermanomaly/reconstructor-cuda12:0.1.0 .
#
# Build arguments: as cpu.Dockerfile, and
#   CUDA_IMAGE          CUDA 12 + cuDNN 9 runtime base image (a registry mirror may be named here)
#   ORT_CUDA_NUPKG_URL  the Microsoft.ML.OnnxRuntime.Gpu.Linux nupkg of onnxruntime-node's version on a mirror
#   HTTPS_PROXY         proxy for NuGet (onnxruntime-node's script honours GLOBAL_AGENT_HTTPS_PROXY, set from it)
ARG NODE_IMAGE=node:20-slim
ARG CUDA_IMAGE=nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04

FROM ${NODE_IMAGE} AS node

FROM ${CUDA_IMAGE} AS build
ARG SERVICE=reconstructor
ARG NPM_REGISTRY=https://registry.npmjs.org/
ARG PNPM_VERSION=10.34.9
ARG TSX_VERSION=4.23.15
ARG ORT_CUDA_NUPKG_URL=
ARG HTTPS_PROXY=
ENV npm_config_registry=${NPM_REGISTRY} \
    ORT_CUDA_NUPKG_URL=${ORT_CUDA_NUPKG_URL} \
    GLOBAL_AGENT_HTTPS_PROXY=${HTTPS_PROXY} \
    DEBIAN_FRONTEND=noninteractive
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl unzip \
 && rm -rf /var/lib/apt/lists/*
RUN npm install -g "pnpm@${PNPM_VERSION}" \
 && npm install --prefix /opt/tsx --omit=dev "tsx@${TSX_VERSION}"
WORKDIR /src
COPY . .
RUN bash deploy/docker/closure.sh "${SERVICE}" /out /opt/tsx/node_modules/tsx \
 && bash deploy/docker/native.sh /out inference

FROM ${CUDA_IMAGE} AS runtime
ARG SERVICE=reconstructor
LABEL org.opencontainers.image.title="dermanomaly-${SERVICE}-cuda12" \
      org.opencontainers.image.description="dermanomaly ${SERVICE} service (ONNX Runtime CUDA on CUDA 12 + cuDNN 9)"
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=build /opt/tsx /opt/tsx
COPY --from=build /out /app
ENV NODE_ENV=production HOME=/tmp DERMANOMALY_WORK_DIR=/work DERMANOMALY_ORT_PROVIDER=cuda
WORKDIR /app
USER 10001:10001
EXPOSE 50050 50054 9464
ENTRYPOINT ["node", "--import", "tsx", "main.ts"]
