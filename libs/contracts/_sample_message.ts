// Builds a message with every field set to a non-default value, from the protobufjs reflection of its type, so that
// round-trip tests cover every field of every event without hand-written samples drifting from the contracts.
import type protobuf from "protobufjs";

const LONG_TYPES = new Set(["int64", "uint64", "sint64", "fixed64", "sfixed64"]);
const INT_TYPES = new Set(["int32", "uint32", "sint32", "fixed32", "sfixed32"]);

function scalar(type: string, salt: number): unknown {
  if (LONG_TYPES.has(type)) return 2 ** 40 + salt; // beyond 32 bits, still a safe integer
  if (INT_TYPES.has(type)) return 7 + salt;
  if (type === "double") return 0.1 + salt;
  if (type === "float") return 0.5 + salt; // exactly representable in float32
  if (type === "bool") return true;
  if (type === "string") return `s${salt}`;
  if (type === "bytes") return Uint8Array.of(1, 2, salt & 0xff);
  throw new TypeError(`Unsupported scalar type "${type}"`);
}

function value(field: protobuf.Field, salt: number, depth: number): unknown {
  const resolved = field.resolvedType;
  if (resolved === null) return scalar(field.type, salt);
  if ("values" in resolved) {
    // An enum: the last value, so never the zero default.
    const names = Object.keys((resolved as protobuf.Enum).values);
    return names[names.length - 1];
  }
  return sampleMessage(resolved as protobuf.Type, { depth: depth + 1, salt: salt + 1 });
}

/** Options of {@linkcode sampleMessage}. */
export interface SampleOptions {
  /**
   * Current nesting depth; deeper than 8 levels throws (a recursive type cannot be filled completely).
   *
   * @default 0
   */
  depth?: number;
  /**
   * Number mixed into the values, so that sibling samples differ.
   *
   * @default 0
   */
  salt?: number;
}

/**
 * A plain object for `type` (camelCase keys, enums as names, 64-bit integers as numbers) in which every field, map
 * and repeated field holds a non-default value; for a oneof, its first member is set and the oneof's virtual field
 * names it, as `toObject({ oneofs: true })` reports it.
 */
export function sampleMessage(type: protobuf.Type, options: SampleOptions = {}): Record<string, unknown> {
  const { depth = 0, salt = 0 } = options;
  const out: Record<string, unknown> = {};
  if (depth > 8) throw new RangeError(`Cannot fill "${type.fullName}": nested deeper than 8 levels`);
  for (const oneof of type.oneofsArray) {
    const first = oneof.fieldsArray[0];
    if (first === undefined) continue;
    out[first.name] = value(first.resolve(), salt, depth);
    out[oneof.name] = first.name;
  }
  type.fieldsArray.forEach((raw, i) => {
    const field = raw.resolve();
    if (field.partOf !== null) return;
    const s = salt + i;
    if (field.map) {
      if ((field as unknown as protobuf.MapField).keyType !== "string") {
        throw new TypeError(`Unsupported map key type in "${type.fullName}.${field.name}"`);
      }
      out[field.name] = { k1: value(field, s, depth), k2: value(field, s + 1, depth) };
    } else if (field.repeated) {
      out[field.name] = [value(field, s, depth), value(field, s + 1, depth)];
    } else {
      out[field.name] = value(field, s, depth);
    }
  });
  return out;
}
