// Original file: proto/dermanomaly/v1/scorer.proto

import type { Calibration as _dermanomaly_v1_Calibration, Calibration__Output as _dermanomaly_v1_Calibration__Output } from '../../dermanomaly/v1/Calibration.ts';
import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';

/**
 * What Calibrate wrote.
 */
export interface CalibrateResponse {
  /**
   * The calibration.
   */
  'calibration'?: (_dermanomaly_v1_Calibration | null);
  /**
   * `calibration.json` in the artifact store.
   */
  'artifact'?: (_dermanomaly_v1_ArtifactRef | null);
}

/**
 * What Calibrate wrote.
 */
export interface CalibrateResponse__Output {
  /**
   * The calibration.
   */
  'calibration': (_dermanomaly_v1_Calibration__Output | null);
  /**
   * `calibration.json` in the artifact store.
   */
  'artifact': (_dermanomaly_v1_ArtifactRef__Output | null);
}
