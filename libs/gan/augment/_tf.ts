/**
 * The one place this module takes TensorFlow.js from, so that the engine can be swapped for the project's
 * configured build without touching the rest of the code.
 */
import * as tf from "@tensorflow/tfjs";

export { tf };
