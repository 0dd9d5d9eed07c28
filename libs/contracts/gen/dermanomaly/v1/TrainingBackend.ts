// Original file: proto/dermanomaly/v1/common.proto

/**
 * Which TF.js backend a trainer should run on. The backend actually used is reported in progress metrics and events.
 */
export const TrainingBackend = {
  /**
   * Best available, in this order: tensorflow-gpu, tensorflow, wasm, cpu.
   */
  TRAINING_BACKEND_AUTO: 'TRAINING_BACKEND_AUTO',
  /**
   * `@tensorflow/tfjs-node-gpu` (CUDA 11.2 + cuDNN 8.1).
   */
  TRAINING_BACKEND_TENSORFLOW_GPU: 'TRAINING_BACKEND_TENSORFLOW_GPU',
  /**
   * `@tensorflow/tfjs-node` (native TensorFlow on CPU).
   */
  TRAINING_BACKEND_TENSORFLOW: 'TRAINING_BACKEND_TENSORFLOW',
  /**
   * `@tensorflow/tfjs-backend-wasm` with the project's training kernels.
   */
  TRAINING_BACKEND_WASM: 'TRAINING_BACKEND_WASM',
  /**
   * Plain JavaScript `cpu` backend (tests and tiny shapes only).
   */
  TRAINING_BACKEND_CPU: 'TRAINING_BACKEND_CPU',
} as const;

/**
 * Which TF.js backend a trainer should run on. The backend actually used is reported in progress metrics and events.
 */
export type TrainingBackend =
  /**
   * Best available, in this order: tensorflow-gpu, tensorflow, wasm, cpu.
   */
  | 'TRAINING_BACKEND_AUTO'
  | 0
  /**
   * `@tensorflow/tfjs-node-gpu` (CUDA 11.2 + cuDNN 8.1).
   */
  | 'TRAINING_BACKEND_TENSORFLOW_GPU'
  | 1
  /**
   * `@tensorflow/tfjs-node` (native TensorFlow on CPU).
   */
  | 'TRAINING_BACKEND_TENSORFLOW'
  | 2
  /**
   * `@tensorflow/tfjs-backend-wasm` with the project's training kernels.
   */
  | 'TRAINING_BACKEND_WASM'
  | 3
  /**
   * Plain JavaScript `cpu` backend (tests and tiny shapes only).
   */
  | 'TRAINING_BACKEND_CPU'
  | 4

/**
 * Which TF.js backend a trainer should run on. The backend actually used is reported in progress metrics and events.
 */
export type TrainingBackend__Output = typeof TrainingBackend[keyof typeof TrainingBackend]
