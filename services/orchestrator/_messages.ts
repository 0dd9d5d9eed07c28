// Plain JavaScript messages read against their proto types: a preset's stage sections are checked field by field,
// and a request's overrides are laid over them. Written by hand on protobufjs's reflection: no library merges proto3
// messages with "a field is set when it is not its default" semantics.
import { protoRoot } from "@dermanomaly/contracts";

// protobufjs's reflection types, named through the contracts' root (protobufjs is the contracts' dependency).
type MessageType = ReturnType<ReturnType<typeof protoRoot>["lookupType"]>;
type Field = MessageType["fieldsArray"][number];

type Plain = Record<string, unknown>;

function messageType(typeName: string): MessageType {
  return protoRoot().lookupType(typeName);
}

/**
 * The message type of a singular message field that is merged field by field; undefined for other fields and for
 * messages made of a `oneof` (a Location: one of its forms replaces another whole).
 */
function mergedMessage(field: Field): MessageType | undefined {
  const resolved = field.resolvedType;
  if (resolved === null || "values" in resolved || field.repeated || field.map) return undefined;
  const type = resolved as MessageType;
  return type.oneofsArray.some((o) => !o.name.startsWith("_")) ? undefined : type;
}

/**
 * Checks that `value` is a message of `typeName` in the loader's JavaScript shape (camelCase fields, enums by name,
 * 64-bit integers as numbers): every key a field, every value of the field's kind.
 *
 * @throws {TypeError} naming the path (`where.field.sub`) of the first field that is unknown or of the wrong kind
 */
export function checkMessage(typeName: string, value: unknown, where: string): void {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new TypeError(`${where} must be an object (${typeName.split(".").pop()})`);
  const type = messageType(typeName);
  for (const [key, v] of Object.entries(value as Plain)) {
    const field = type.fields[key];
    if (field === undefined) {
      throw new TypeError(
        `${where}.${key} is not a field of ${type.name}; its fields are ${Object.keys(type.fields).join(", ")}`,
      );
    }
    field.resolve();
    const path = `${where}.${key}`;
    if (field.map) {
      if (typeof v !== "object" || v === null || Array.isArray(v))
        throw new TypeError(`${path} must be an object`);
      for (const [k, item] of Object.entries(v as Plain)) checkValue(field, item, `${path}.${k}`);
    } else if (field.repeated) {
      if (!Array.isArray(v)) throw new TypeError(`${path} must be a list`);
      for (const [i, item] of v.entries()) checkValue(field, item, `${path}[${i}]`);
    } else {
      checkValue(field, v, path);
    }
  }
}

function checkValue(field: Field, v: unknown, path: string): void {
  const resolved = field.resolvedType;
  if (resolved !== null && "values" in resolved) {
    if (typeof v !== "string" || !Object.hasOwn(resolved.values, v)) {
      throw new TypeError(
        `${path} must be one of ${Object.keys(resolved.values).join(", ")}, got "${String(v)}"`,
      );
    }
  } else if (resolved !== null) {
    checkMessage(resolved.fullName.slice(1), v, path);
  } else if (field.type === "string") {
    if (typeof v !== "string") throw new TypeError(`${path} must be a string`);
  } else if (field.type === "bool") {
    if (typeof v !== "boolean") throw new TypeError(`${path} must be true or false`);
  } else if (field.type === "bytes") {
    throw new TypeError(`${path}: bytes fields cannot be given here`);
  } else if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new TypeError(`${path} must be a finite number`);
  }
}

/**
 * Whether a field of a decoded message (defaults filled in) was set: a value other than its type's default (0,
 * empty, the first enum value, unset), or any value of a proto3 `optional` field.
 */
function isSet(field: Field, v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (field.partOf?.name.startsWith("_")) return true; // proto3 optional
  if (field.map) return Object.keys(v as Plain).length > 0;
  if (field.repeated) return (v as unknown[]).length > 0;
  const resolved = field.resolvedType;
  if (resolved !== null && "values" in resolved) return v !== Object.keys(resolved.values)[0];
  if (resolved !== null) return true;
  if (typeof v === "string") return v !== "";
  if (typeof v === "number") return v !== 0;
  if (typeof v === "boolean") return v;
  if (v instanceof Uint8Array) return v.length > 0;
  return true;
}

/** The names of the fields set in `message` (see {@linkcode overlay} for what counts as set), as `a.b` paths. */
export function setFields(typeName: string, message: unknown, prefix = ""): string[] {
  if (message === null || message === undefined) return [];
  const type = messageType(typeName);
  const out: string[] = [];
  for (const field of type.fieldsArray) {
    field.resolve();
    const v = (message as Plain)[field.name];
    if (!isSet(field, v)) continue;
    const nested = mergedMessage(field);
    if (nested !== undefined) {
      out.push(...setFields(nested.fullName.slice(1), v, `${prefix}${field.name}.`));
    } else {
      out.push(`${prefix}${field.name}`);
    }
  }
  return out;
}

/**
 * Lays the fields set in `override` (a decoded message: defaults filled in) over `base` (a plain message, e.g. a
 * preset's section): a set scalar, enum, list or map replaces the base's; a set message is laid over the base's
 * field by field, except a message made of a `oneof` (a Location), which replaces the base's whole. Returns a new
 * object.
 */
export function overlay(typeName: string, base: Plain, override: unknown): Plain {
  const out: Plain = { ...base };
  if (override === null || override === undefined) return out;
  const type = messageType(typeName);
  for (const field of type.fieldsArray) {
    field.resolve();
    const v = (override as Plain)[field.name];
    if (!isSet(field, v)) continue;
    const nested = mergedMessage(field);
    if (nested !== undefined && typeof out[field.name] === "object" && out[field.name] !== null) {
      out[field.name] = overlay(nested.fullName.slice(1), out[field.name] as Plain, v);
    } else {
      out[field.name] = structuredClone(v);
    }
  }
  return out;
}
