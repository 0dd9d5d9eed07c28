import { isAbsolute } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Code, StatusError } from "@dermanomaly/contracts";

/** Longest key accepted, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

/** Longest key segment accepted, in UTF-8 bytes (the usual filesystem limit on a name). */
export const MAX_SEGMENT_BYTES = 255;

/**
 * Name endings the filesystem store uses for its own files (digest sidecars, files being written); keys may not
 * end a segment with them, so keys stay portable between stores.
 */
export const RESERVED_SUFFIXES: readonly string[] = [".artifact.json", ".partial"];

const BUCKET = /^[-\w]+$/;

function invalid(key: string, why: string): StatusError {
  const shown = key.length > 120 ? `${key.slice(0, 100)}...` : key;
  return new StatusError(Code.INVALID_ARGUMENT, `Artifact key ${JSON.stringify(shown)} ${why}`);
}

/**
 * Checks an artifact key and returns it: a relative, `/`-separated path with no empty, `.` or `..` segments, no
 * backslashes or control characters, at most {@linkcode MAX_KEY_BYTES} bytes.
 *
 * @example
 * ```ts
 * checkArtifactKey("runs/42/ckpt.safetensors"); // ok
 * checkArtifactKey("../x"); // throws StatusError(INVALID_ARGUMENT)
 * ```
 * @throws {StatusError} INVALID_ARGUMENT with a message saying what to change
 */
export function checkArtifactKey(key: string): string {
  if (typeof key !== "string") throw new TypeError(`An artifact key must be a string, got ${typeof key}`);
  if (key.length === 0) throw invalid(key, 'is empty: use a relative path such as "runs/42/model.onnx"');
  const bytes = Buffer.byteLength(key, "utf8");
  if (bytes > MAX_KEY_BYTES)
    throw invalid(key, `is ${bytes} bytes long: keep keys within ${MAX_KEY_BYTES} bytes`);
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) {
      throw invalid(
        key,
        `contains the control character U+${c.toString(16).padStart(4, "0")} at ${i}: remove it`,
      );
    }
  }
  if (key.includes("\\")) throw invalid(key, 'contains a backslash: separate path segments with "/"');
  if (key.startsWith("/") || isAbsolute(key) || /^[A-Za-z]:/.test(key)) {
    throw invalid(key, 'is absolute: use a path relative to the store, e.g. "runs/42/model.onnx"');
  }
  for (const segment of key.split("/")) {
    if (segment.length === 0) throw invalid(key, 'has an empty segment ("//" or a trailing "/"): remove it');
    if (segment === "." || segment === "..") {
      throw invalid(key, `has a "${segment}" segment: keys are plain relative paths without "." or ".."`);
    }
    if (Buffer.byteLength(segment, "utf8") > MAX_SEGMENT_BYTES) {
      throw invalid(key, `has a segment longer than ${MAX_SEGMENT_BYTES} bytes: shorten it`);
    }
    for (const suffix of RESERVED_SUFFIXES) {
      if (segment.endsWith(suffix))
        throw invalid(key, `ends a segment with the reserved "${suffix}": rename it`);
    }
  }
  return key;
}

/** Whether {@linkcode checkArtifactKey} accepts `key`. */
export function isValidArtifactKey(key: string): boolean {
  try {
    checkArtifactKey(key);
    return true;
  } catch {
    return false;
  }
}

/** Checks a NATS object-store bucket name (letters, digits, `_`, `-`). @throws {StatusError} INVALID_ARGUMENT */
export function checkBucketName(bucket: string): string {
  if (typeof bucket !== "string" || !BUCKET.test(bucket)) {
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `Bucket name ${JSON.stringify(bucket)} is invalid: use letters, digits, "_" or "-", e.g. "dermanomaly-artifacts"`,
    );
  }
  return bucket;
}

/** An artifact URI, taken apart. */
export type ParsedArtifactUri =
  | {
      /** Filesystem artifact. */
      scheme: "file";
      /** Absolute, normalised filesystem path. */
      path: string;
    }
  | {
      /** NATS object-store artifact or bucket. */
      scheme: "nats-obj";
      /** Bucket name. */
      bucket: string;
      /** Object key, `""` for the bucket itself (`nats-obj://bucket`). */
      key: string;
    };

function badUri(uri: string, why: string): StatusError {
  return new StatusError(Code.INVALID_ARGUMENT, `Artifact URI ${JSON.stringify(uri)} ${why}`);
}

/**
 * Parses `file:///abs/path` and `nats-obj://bucket/key` (or `nats-obj://bucket`). Percent-encoded segments are
 * decoded, and a NATS key is checked with {@linkcode checkArtifactKey}.
 *
 * @throws {StatusError} INVALID_ARGUMENT for other schemes or malformed URIs
 */
export function parseArtifactUri(uri: string): ParsedArtifactUri {
  if (typeof uri !== "string") throw new TypeError(`An artifact URI must be a string, got ${typeof uri}`);
  if (uri.startsWith("file:")) {
    let path: string;
    try {
      const url = new URL(uri);
      if (url.host !== "" && url.host !== "localhost") throw new Error("remote host");
      if (url.search !== "" || url.hash !== "") throw new Error("query or fragment");
      path = fileURLToPath(url);
    } catch {
      throw badUri(uri, "is not a local absolute file URI: write it as file:///absolute/path");
    }
    return { scheme: "file", path };
  }
  if (uri.startsWith("nats-obj:")) {
    const m = /^nats-obj:\/\/([^/?#]+)(?:\/([^?#]*))?$/.exec(uri);
    if (m === null) throw badUri(uri, "is malformed: write it as nats-obj://bucket/key");
    const bucket = m[1]!;
    if (!BUCKET.test(bucket))
      throw badUri(uri, `names the invalid bucket "${bucket}": use letters, digits, "_" or "-"`);
    let key: string;
    try {
      key = decodeURIComponent(m[2] ?? "");
    } catch {
      throw badUri(uri, "has a malformed percent-encoding");
    }
    if (key !== "") checkArtifactKey(key);
    return { scheme: "nats-obj", bucket, key };
  }
  throw badUri(uri, "has an unknown scheme: use file:///absolute/path or nats-obj://bucket/key");
}

/** The `file://` URI of an absolute path, percent-encoded. */
export function fileUri(path: string): string {
  if (!isAbsolute(path)) throw new TypeError(`A file URI needs an absolute path, got "${path}"`);
  return pathToFileURL(path).href;
}

/** The `nats-obj://` URI of a key in a bucket (or of the bucket when `key` is omitted), percent-encoded. */
export function natsObjUri(bucket: string, key?: string): string {
  checkBucketName(bucket);
  if (key === undefined) return `nats-obj://${bucket}`;
  checkArtifactKey(key);
  return `nats-obj://${bucket}/${key.split("/").map(encodeURIComponent).join("/")}`;
}
