// Original file: proto/dermanomaly/v1/encoder_trainer.proto

import type { ParameterInfo as _dermanomaly_v1_ParameterInfo, ParameterInfo__Output as _dermanomaly_v1_ParameterInfo__Output } from '../../dermanomaly/v1/ParameterInfo.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * What an encoder file holds.
 */
export interface InspectEncoderResponse {
  /**
   * `safetensors` or `pth`.
   */
  'kind'?: (string);
  /**
   * The file's `format` metadata: `dermanomaly/izif-encoder/1` (weights), `dermanomaly/izif-encoder-training/1`
   * (a training state), `torch` for `.pth`, empty for a safetensors file without one.
   */
  'format'?: (string);
  /**
   * The architecture as JSON (`EncoderConfig` of `libs/encoder`), read from the metadata or recognised from the
   * tensors' order and shapes.
   */
  'configJson'?: (string);
  /**
   * Input image side in pixels.
   */
  'resolution'?: (number);
  /**
   * Input channels.
   */
  'imgChannels'?: (number);
  /**
   * Latent size (the generator's z_dim).
   */
  'zDim'?: (number);
  /**
   * Channels of the first block.
   */
  'channelBase'?: (number);
  /**
   * Most channels of a block.
   */
  'channelMax'?: (number);
  /**
   * The preset these widths are (`paper`, `small`, `tiny`), empty when none.
   */
  'preset'?: (string);
  /**
   * Trainable parameter count.
   */
  'parameterCount'?: (number | string | Long);
  /**
   * Buffer element count (BatchNorm running statistics and step counts).
   */
  'bufferCount'?: (number | string | Long);
  /**
   * Number of tensors.
   */
  'tensorCount'?: (number);
  /**
   * Every tensor under its state_dict name, when `list_parameters` was set.
   */
  'parameters'?: (_dermanomaly_v1_ParameterInfo)[];
  /**
   * Whether the file's tensor names differed from the original's (`0.weight`, ...) and were mapped by layer order.
   */
  'renamed'?: (boolean);
  /**
   * How E was trained, as JSON (`EncoderLineage` of `libs/encoder`: generator, noiseMode, loss, alpha, kappa,
   * inputs); empty for files that do not record it (foreign files, `.pth`).
   */
  'lineageJson'?: (string);
  /**
   * Training states: epochs completed.
   */
  'epoch'?: (number);
  /**
   * Training states: optimizer steps done.
   */
  'steps'?: (number | string | Long);
  /**
   * The file's safetensors metadata (empty for `.pth`).
   */
  'metadata'?: ({[key: string]: string});
}

/**
 * What an encoder file holds.
 */
export interface InspectEncoderResponse__Output {
  /**
   * `safetensors` or `pth`.
   */
  'kind': (string);
  /**
   * The file's `format` metadata: `dermanomaly/izif-encoder/1` (weights), `dermanomaly/izif-encoder-training/1`
   * (a training state), `torch` for `.pth`, empty for a safetensors file without one.
   */
  'format': (string);
  /**
   * The architecture as JSON (`EncoderConfig` of `libs/encoder`), read from the metadata or recognised from the
   * tensors' order and shapes.
   */
  'configJson': (string);
  /**
   * Input image side in pixels.
   */
  'resolution': (number);
  /**
   * Input channels.
   */
  'imgChannels': (number);
  /**
   * Latent size (the generator's z_dim).
   */
  'zDim': (number);
  /**
   * Channels of the first block.
   */
  'channelBase': (number);
  /**
   * Most channels of a block.
   */
  'channelMax': (number);
  /**
   * The preset these widths are (`paper`, `small`, `tiny`), empty when none.
   */
  'preset': (string);
  /**
   * Trainable parameter count.
   */
  'parameterCount': (number);
  /**
   * Buffer element count (BatchNorm running statistics and step counts).
   */
  'bufferCount': (number);
  /**
   * Number of tensors.
   */
  'tensorCount': (number);
  /**
   * Every tensor under its state_dict name, when `list_parameters` was set.
   */
  'parameters': (_dermanomaly_v1_ParameterInfo__Output)[];
  /**
   * Whether the file's tensor names differed from the original's (`0.weight`, ...) and were mapped by layer order.
   */
  'renamed': (boolean);
  /**
   * How E was trained, as JSON (`EncoderLineage` of `libs/encoder`: generator, noiseMode, loss, alpha, kappa,
   * inputs); empty for files that do not record it (foreign files, `.pth`).
   */
  'lineageJson': (string);
  /**
   * Training states: epochs completed.
   */
  'epoch': (number);
  /**
   * Training states: optimizer steps done.
   */
  'steps': (number);
  /**
   * The file's safetensors metadata (empty for `.pth`).
   */
  'metadata': ({[key: string]: string});
}
