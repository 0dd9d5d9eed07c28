/**
 * For sibling packages, not users: the source reader `prepareDataset` uses, so that other stages read folders and
 * zips of photos exactly as it does (same file list, order and image extensions).
 *
 * @example
 * ```ts
 * import { IMAGE_EXTENSIONS, extensionOf, openSource } from "@dermanomaly/dataset/internal";
 * const source = await openSource("photos.zip");
 * const images = source.files.filter((f) => IMAGE_EXTENSIONS.has(extensionOf(f)));
 * const bytes = await source.read(images[0]!);
 * source.close();
 * ```
 *
 * @module
 */
export {
  extensionOf,
  IMAGE_EXTENSIONS,
  openSource,
  type Source,
  UNSUPPORTED_IMAGE_EXTENSIONS,
} from "./_source.ts";
