// The training loop's generator is the package's one seeded generator.
export { Random, type RandomState } from "../random.ts";
