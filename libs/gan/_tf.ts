// The one place this package imports TensorFlow.js. Node resolves this namespace import to the same CommonJS
// module instance that `@dermanomaly/tf` loads (checked: one engine), so the backend and kernels it installs apply
// here; importing the package directly keeps the `tf.Tensor`-style type namespace, which that value export lacks.
import * as tf from "@tensorflow/tfjs";

export { tf };
