// Original file: proto/dermanomaly/v1/common.proto

/**
 * Which ONNX Runtime execution provider an inference service should use.
 */
export const ExecutionProvider = {
  /**
   * CUDA when the node has it, otherwise CPU.
   */
  EXECUTION_PROVIDER_AUTO: 'EXECUTION_PROVIDER_AUTO',
  /**
   * CPU only.
   */
  EXECUTION_PROVIDER_CPU: 'EXECUTION_PROVIDER_CPU',
  /**
   * CUDA (fails with FAILED_PRECONDITION when unavailable rather than silently running on CPU).
   */
  EXECUTION_PROVIDER_CUDA: 'EXECUTION_PROVIDER_CUDA',
} as const;

/**
 * Which ONNX Runtime execution provider an inference service should use.
 */
export type ExecutionProvider =
  /**
   * CUDA when the node has it, otherwise CPU.
   */
  | 'EXECUTION_PROVIDER_AUTO'
  | 0
  /**
   * CPU only.
   */
  | 'EXECUTION_PROVIDER_CPU'
  | 1
  /**
   * CUDA (fails with FAILED_PRECONDITION when unavailable rather than silently running on CPU).
   */
  | 'EXECUTION_PROVIDER_CUDA'
  | 2

/**
 * Which ONNX Runtime execution provider an inference service should use.
 */
export type ExecutionProvider__Output = typeof ExecutionProvider[keyof typeof ExecutionProvider]
