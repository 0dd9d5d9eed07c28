// Original file: proto/dermanomaly/v1/reconstructor.proto

import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';

/**
 * One image of a work item, uploaded to the artifact store by the job's owner so that any replica can read it.
 */
export interface WorkImage {
  /**
   * The image's bytes in the artifact store.
   */
  'image'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * Its path in the source (`MEL/ISIC_0000002.jpg`, or `00000/img00000003.png` in a data set), for `skipped.csv`.
   */
  'entry'?: (string);
  /**
   * The source photo's file name, kept in the set (`ISIC_0000002.jpg`).
   */
  'imageName'?: (string);
  /**
   * Class folder, or `_` when unlabelled.
   */
  'className'?: (string);
  /**
   * The class's label, or -1.
   */
  'label'?: (number);
}

/**
 * One image of a work item, uploaded to the artifact store by the job's owner so that any replica can read it.
 */
export interface WorkImage__Output {
  /**
   * The image's bytes in the artifact store.
   */
  'image': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * Its path in the source (`MEL/ISIC_0000002.jpg`, or `00000/img00000003.png` in a data set), for `skipped.csv`.
   */
  'entry': (string);
  /**
   * The source photo's file name, kept in the set (`ISIC_0000002.jpg`).
   */
  'imageName': (string);
  /**
   * Class folder, or `_` when unlabelled.
   */
  'className': (string);
  /**
   * The class's label, or -1.
   */
  'label': (number);
}
