// The one place this package imports TensorFlow.js: the same CommonJS instance `@dermanomaly/tf` sets the backend
// of (see libs/gan/_tf.ts), imported directly for its `tf.Tensor`-style type namespace.
import * as tf from "@tensorflow/tfjs";

export { tf };
