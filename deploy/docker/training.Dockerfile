# syntax=docker/dockerfile:1
# Training image of a trainer (gan-trainer, encoder-trainer) for GPU nodes: CUDA 11.2 + cuDNN 8.1, the versions
# @tensorflow/tfjs-node-gpu 4.22 (libtensorflow 2.9.1) is built for; with CUDA 12 it would silently run on the CPU.
# libtensorflow and the bindings are downloaded while the image is built (native.sh), never when a pod starts.
#
#   docker build -f deploy/docker/training.Dockerfile --build-arg SERVICE=gan-trainer \
#     -t dermanomaly/gan-trainer-cuda11:0.1.0 .
#
# Build arguments: as cpu.Dockerfile, and
#   CUDA_IMAGE   CUDA 11.2 + cuDNN 8.1 runtime base image (a registry mirror may be named here)
#   TFJS_NODE_CDN_STORAGE / TFJS_NODE_BASE_URI / TFJS_BINDING_HOST_MIRROR / HTTPS_PROXY: mirrors, see native.sh
ARG NODE_IMAGE=node:20-slim
ARG CUDA_IMAGE=nvidia/cuda:11.2.2-cudnn8-runtime-ubuntu20.04

FROM ${NODE_IMAGE} AS node

FROM ${CUDA_IMAGE} AS build
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
    TFJS_BINDING_HOST_MIRROR=${TFJS_BINDING_HOST_MIRROR} \
    DEBIAN_FRONTEND=noninteractive
# Node 20 from the official image (its binaries need glibc 2.28, Ubuntu 20.04 has 2.31).
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
RUN npm install -g "pnpm@${PNPM_VERSION}" \
 && npm install --prefix /opt/tsx --omit=dev "tsx@${TSX_VERSION}"
WORKDIR /src
COPY . .
RUN test -n "${SERVICE}" || (echo "Set --build-arg SERVICE=gan-trainer or encoder-trainer" >&2; exit 1)
RUN bash deploy/docker/closure.sh "${SERVICE}" /out /opt/tsx/node_modules/tsx \
 && bash deploy/docker/native.sh /out training

FROM ${CUDA_IMAGE} AS runtime
ARG SERVICE
LABEL org.opencontainers.image.title="dermanomaly-${SERVICE}-cuda11" \
      org.opencontainers.image.description="dermanomaly ${SERVICE} service (TF.js on CUDA 11.2 + cuDNN 8.1)"
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=build /opt/tsx /opt/tsx
COPY --from=build /out /app
ENV NODE_ENV=production HOME=/tmp DERMANOMALY_WORK_DIR=/work DERMANOMALY_TF_BACKEND=tensorflow-gpu
WORKDIR /app
USER 10001:10001
EXPOSE 50050 50052 50053 9464
ENTRYPOINT ["node", "--import", "tsx", "main.ts"]
