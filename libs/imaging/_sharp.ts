// sharp as this library uses it, with libvips' operation cache off. The cache pays only when one input goes through
// the same operations again; here images pass once (decoded, resized, encoded), so it costs hashing, bookkeeping
// and memory: about 10% of the CPU time of preparing 600x450 JPEGs into a data set. The setting is the process's.
import sharp from "sharp";

sharp.cache(false);

export default sharp;
