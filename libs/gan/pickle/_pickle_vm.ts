/**
 * A pickle virtual machine that builds plain values and never runs anything: every global goes through a
 * caller-supplied resolver, and REDUCE/NEWOBJ/BUILD only accept the {@linkcode PyCallable}/{@linkcode PyObject}
 * objects that resolver hands out; BUILD of a dict state on a dict keeps that state as the dict's attributes
 * ({@linkcode pickledDictAttributes}), as Python sets them on a dict subclass. Each opcode consumes at least one byte
 * and every length is checked against the input, so a malformed or truncated stream ends in a
 * {@linkcode StatusError}, never a hang.
 *
 * Value mapping: None → `null`, bool → boolean, int → number (bigint beyond 2^53), float → number,
 * str → string, bytes/bytearray → `Uint8Array` (a view into the input, not a copy), tuple and list → array,
 * dict → `Map`, set/frozenset → `Set`.
 */

import { Code, StatusError } from "@dermanomaly/contracts";

/** A whitelisted Python callable: REDUCE calls `call`, NEWOBJ calls `construct`. */
export class PyCallable {
  constructor(
    readonly qualname: string,
    readonly call?: (args: unknown[]) => unknown,
    readonly construct?: (args: unknown[]) => unknown,
  ) {}
}

/** An object that accepts BUILD (`__setstate__`). */
export abstract class PyObject {
  abstract setState(state: unknown): void;
}

/** Hooks the machine calls for globals and persistent ids. */
export interface PickleHooks {
  /** Returns what a global stands for; throws to refuse it. */
  findClass(module: string, name: string): unknown;
  /** Answers BINPERSID/PERSID; absent: persistent ids are refused. */
  persistentLoad?: (pid: unknown) => unknown;
}

/** Where the pickle sits, for error messages. */
export interface PickleLocation {
  /** Absolute offset of `bytes[0]` in the file. */
  origin: number;
  /** What is being read, e.g. `"Pickle"` or `"Storage blob"`. */
  label: string;
}

/**
 * Attributes of pickled dicts. Python's BUILD on an object without `__setstate__` updates its `__dict__`: for a dict
 * subclass such as the `OrderedDict` of a saved `state_dict()`, that sets attributes beside the items (`_metadata`,
 * the modules' versions). They are kept here, apart from the items, so a dict's entries stay exactly its items.
 */
const dictAttributes = new WeakMap<Map<unknown, unknown>, Map<unknown, unknown>>();

function setDictAttributes(dict: Map<unknown, unknown>, state: Map<unknown, unknown> | null): void {
  if (state === null || state.size === 0) return;
  const attributes = dictAttributes.get(dict) ?? new Map<unknown, unknown>();
  for (const [k, v] of state) attributes.set(k, v);
  dictAttributes.set(dict, attributes);
}

/**
 * The attributes BUILD gave a pickled dict (e.g. a saved state_dict's `_metadata`), or undefined when it has none.
 *
 * @example
 * ```ts
 * const sd = runPickle(bytes, 0, hooks).value as Map<string, unknown>;
 * pickledDictAttributes(sd)?.get("_metadata"); // Map { "" => Map { "version" => 1 }, ... }
 * ```
 */
export function pickledDictAttributes(
  dict: Map<unknown, unknown>,
): ReadonlyMap<unknown, unknown> | undefined {
  return dictAttributes.get(dict);
}

/** Thrown for data that is not a valid pickle; `at` is the absolute byte offset. */
export function malformed(at: number, what: string): StatusError {
  return new StatusError(Code.INVALID_ARGUMENT, `Pickle is malformed at byte ${at}: ${what}`);
}

/** Thrown when the data stops before the pickle does. */
export function truncated(at: number, what: string): StatusError {
  return new StatusError(Code.INVALID_ARGUMENT, `Pickle is truncated at byte ${at}: ${what}`);
}

const utf8 = new TextDecoder("utf-8");
const latin1 = new TextDecoder("latin1");

/**
 * Runs one pickle that starts at `start` in `bytes` and returns its value and the offset just past its STOP.
 */
export function runPickle(
  bytes: Uint8Array,
  start: number,
  hooks: PickleHooks,
  where: PickleLocation = { origin: 0, label: "Pickle" },
): { value: unknown; end: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length;
  const abs = (p: number) => where.origin + p;
  let pos = start;
  let opStart = start;
  let stack: unknown[] = [];
  const marks: unknown[][] = [];
  const memo = new Map<number, unknown>();

  const need = (n: number, what: string): number => {
    if (n < 0 || !Number.isSafeInteger(n))
      throw malformed(abs(opStart), `${what} has an invalid length "${n}"`);
    if (pos + n > end) {
      throw truncated(abs(end), `${what} at byte ${abs(opStart)} needs ${pos + n - end} more bytes`);
    }
    const p = pos;
    pos += n;
    return p;
  };
  const u8 = (what: string) => bytes[need(1, what)]!;
  const u16 = (what: string) => view.getUint16(need(2, what), true);
  const u32 = (what: string) => view.getUint32(need(4, what), true);
  const u64 = (what: string) => {
    const p = need(8, what);
    const lo = view.getUint32(p, true);
    const hi = view.getUint32(p + 4, true);
    if (hi >= 0x200000) throw malformed(abs(opStart), `${what} length is too large`);
    return hi * 2 ** 32 + lo;
  };
  const take = (n: number, what: string) => {
    const p = need(n, what);
    return bytes.subarray(p, p + n);
  };
  const line = (what: string): string => {
    const nl = bytes.indexOf(0x0a, pos);
    if (nl < 0) throw truncated(abs(end), `${what} at byte ${abs(opStart)} has no end of line`);
    const text = latin1.decode(bytes.subarray(pos, nl));
    pos = nl + 1;
    return text;
  };
  const pop = (): unknown => {
    if (stack.length === 0) throw malformed(abs(opStart), "stack underflow");
    return stack.pop();
  };
  const top = (): unknown => {
    if (stack.length === 0) throw malformed(abs(opStart), "stack underflow");
    return stack[stack.length - 1];
  };
  const popMark = (): unknown[] => {
    const items = stack;
    const outer = marks.pop();
    if (outer === undefined) throw malformed(abs(opStart), "no MARK on the stack");
    stack = outer;
    return items;
  };
  const memoGet = (i: number): unknown => {
    if (!memo.has(i)) throw malformed(abs(opStart), `memo key "${i}" is not defined`);
    return memo.get(i);
  };
  const memoPut = (i: number) => {
    memo.set(i, top());
  };
  const asString = (v: unknown, what: string): string => {
    if (typeof v !== "string") throw malformed(abs(opStart), `${what} is not a string`);
    return v;
  };
  const setItem = (dict: unknown, k: unknown, v: unknown) => {
    if (!(dict instanceof Map)) throw malformed(abs(opStart), "SETITEM target is not a dict");
    dict.set(k, v);
  };
  const append = (list: unknown, v: unknown) => {
    if (!Array.isArray(list)) throw malformed(abs(opStart), "APPEND target is not a list");
    list.push(v);
  };
  const global = (module: string, name: string) => hooks.findClass(module, name);
  const persistent = (pid: unknown) => {
    if (hooks.persistentLoad === undefined) throw malformed(abs(opStart), "unexpected persistent id");
    return hooks.persistentLoad(pid);
  };
  const callable = (f: unknown, what: string): PyCallable => {
    if (!(f instanceof PyCallable)) throw malformed(abs(opStart), `${what} target is not a callable`);
    return f;
  };
  const argsOf = (a: unknown, what: string): unknown[] => {
    if (!Array.isArray(a)) throw malformed(abs(opStart), `${what} arguments are not a tuple`);
    return a;
  };

  while (pos < end) {
    opStart = pos;
    const op = bytes[pos++]!;
    switch (op) {
      case 0x80: {
        // PROTO
        const v = u8("PROTO");
        if (v > 5) throw malformed(abs(opStart), `unsupported pickle protocol "${v}"`);
        break;
      }
      case 0x95: // FRAME: frames only group opcodes; the length is not needed to read them
        u64("FRAME");
        break;
      case 0x2e: // STOP
        if (stack.length !== 1 || marks.length !== 0) {
          throw malformed(abs(opStart), "STOP with an unbalanced stack");
        }
        return { value: stack[0], end: pos };
      case 0x28: // MARK
        marks.push(stack);
        stack = [];
        break;
      case 0x30: // POP
        if (stack.length === 0 && marks.length > 0) popMark();
        else pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;

      case 0x70: // PUT
        memoPut(Number.parseInt(line("PUT"), 10));
        break;
      case 0x71: // BINPUT
        memoPut(u8("BINPUT"));
        break;
      case 0x72: // LONG_BINPUT
        memoPut(u32("LONG_BINPUT"));
        break;
      case 0x94: // MEMOIZE
        memoPut(memo.size);
        break;
      case 0x67: // GET
        stack.push(memoGet(Number.parseInt(line("GET"), 10)));
        break;
      case 0x68: // BINGET
        stack.push(memoGet(u8("BINGET")));
        break;
      case 0x6a: // LONG_BINGET
        stack.push(memoGet(u32("LONG_BINGET")));
        break;

      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4a: // BININT
        stack.push(view.getInt32(need(4, "BININT"), true));
        break;
      case 0x4b: // BININT1
        stack.push(u8("BININT1"));
        break;
      case 0x4d: // BININT2
        stack.push(u16("BININT2"));
        break;
      case 0x8a: // LONG1
        stack.push(decodeLong(take(u8("LONG1"), "LONG1")));
        break;
      case 0x8b: // LONG4
        stack.push(decodeLong(take(u32("LONG4"), "LONG4")));
        break;
      case 0x47: // BINFLOAT (big-endian)
        stack.push(view.getFloat64(need(8, "BINFLOAT"), false));
        break;
      case 0x49: {
        // INT (text)
        const t = line("INT");
        stack.push(t === "01" ? true : t === "00" ? false : parseIntText(t, abs(opStart)));
        break;
      }
      case 0x4c: // LONG (text)
        stack.push(parseIntText(line("LONG").replace(/L$/, ""), abs(opStart)));
        break;
      case 0x46: // FLOAT (text)
        stack.push(Number.parseFloat(line("FLOAT")));
        break;

      case 0x58: // BINUNICODE
        stack.push(utf8.decode(take(u32("BINUNICODE"), "BINUNICODE")));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(utf8.decode(take(u8("SHORT_BINUNICODE"), "SHORT_BINUNICODE")));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(utf8.decode(take(u64("BINUNICODE8"), "BINUNICODE8")));
        break;
      case 0x54: // BINSTRING (Python 2 str, read as latin-1 text)
        stack.push(latin1.decode(take(view.getInt32(need(4, "BINSTRING"), true), "BINSTRING")));
        break;
      case 0x55: // SHORT_BINSTRING
        stack.push(latin1.decode(take(u8("SHORT_BINSTRING"), "SHORT_BINSTRING")));
        break;
      case 0x42: // BINBYTES
        stack.push(take(u32("BINBYTES"), "BINBYTES"));
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8("SHORT_BINBYTES"), "SHORT_BINBYTES"));
        break;
      case 0x8e: // BINBYTES8
        stack.push(take(u64("BINBYTES8"), "BINBYTES8"));
        break;
      case 0x96: // BYTEARRAY8
        stack.push(take(u64("BYTEARRAY8"), "BYTEARRAY8"));
        break;
      case 0x98: // READONLY_BUFFER
        top();
        break;

      case 0x29: // EMPTY_TUPLE
        stack.push([]);
        break;
      case 0x74: {
        // TUPLE (popMark() swaps `stack`, so take the items before pushing)
        const items = popMark();
        stack.push(items);
        break;
      }
      case 0x85: // TUPLE1
        stack.push([pop()]);
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        stack.push([pop(), b]);
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        stack.push([pop(), b, c]);
        break;
      }
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x6c: {
        // LIST
        const items = popMark();
        stack.push(items);
        break;
      }
      case 0x61: {
        // APPEND
        const v = pop();
        append(top(), v);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        const list = top();
        for (const v of items) append(list, v);
        break;
      }
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x64: {
        // DICT
        const items = popMark();
        if (items.length % 2 !== 0) throw malformed(abs(opStart), "DICT with an odd number of items");
        const dict = new Map<unknown, unknown>();
        for (let i = 0; i < items.length; i += 2) dict.set(items[i], items[i + 1]);
        stack.push(dict);
        break;
      }
      case 0x73: {
        // SETITEM
        const v = pop();
        const k = pop();
        setItem(top(), k, v);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        if (items.length % 2 !== 0) throw malformed(abs(opStart), "SETITEMS with an odd number of items");
        const dict = top();
        for (let i = 0; i < items.length; i += 2) setItem(dict, items[i], items[i + 1]);
        break;
      }
      case 0x8f: // EMPTY_SET
        stack.push(new Set());
        break;
      case 0x91: {
        // FROZENSET
        const items = popMark();
        stack.push(new Set(items));
        break;
      }
      case 0x90: {
        // ADDITEMS
        const items = popMark();
        const set = top();
        if (!(set instanceof Set)) throw malformed(abs(opStart), "ADDITEMS target is not a set");
        for (const v of items) set.add(v);
        break;
      }

      case 0x63: {
        // GLOBAL
        const module = line("GLOBAL");
        stack.push(global(module, line("GLOBAL")));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = asString(pop(), "STACK_GLOBAL name");
        stack.push(global(asString(pop(), "STACK_GLOBAL module"), name));
        break;
      }
      case 0x51: // BINPERSID
        stack.push(persistent(pop()));
        break;
      case 0x50: // PERSID
        stack.push(persistent(line("PERSID")));
        break;
      case 0x52: {
        // REDUCE
        const args = argsOf(pop(), "REDUCE");
        const f = callable(pop(), "REDUCE");
        if (f.call === undefined) throw malformed(abs(opStart), `"${f.qualname}" cannot be called`);
        stack.push(f.call(args));
        break;
      }
      case 0x81: {
        // NEWOBJ
        const args = argsOf(pop(), "NEWOBJ");
        const cls = callable(pop(), "NEWOBJ");
        if (cls.construct === undefined)
          throw malformed(abs(opStart), `"${cls.qualname}" cannot be constructed`);
        stack.push(cls.construct(args));
        break;
      }
      case 0x92: {
        // NEWOBJ_EX
        const kwargs = pop();
        const args = argsOf(pop(), "NEWOBJ_EX");
        const cls = callable(pop(), "NEWOBJ_EX");
        if (cls.construct === undefined || !(kwargs instanceof Map) || kwargs.size > 0) {
          throw malformed(abs(opStart), `"${cls.qualname}" cannot be constructed with keyword arguments`);
        }
        stack.push(cls.construct(args));
        break;
      }
      case 0x62: {
        // BUILD
        const state = pop();
        const obj = top();
        if (obj instanceof PyObject) obj.setState(state);
        else if (obj instanceof Map && (state === null || state instanceof Map))
          setDictAttributes(obj, state);
        else throw malformed(abs(opStart), "BUILD on an object that takes no state");
        break;
      }
      default:
        throw malformed(abs(opStart), `unsupported opcode "0x${op.toString(16).padStart(2, "0")}"`);
    }
  }
  throw truncated(abs(end), `${where.label} ends before its STOP opcode`);
}

/** Little-endian two's-complement integer, as LONG1/LONG4 store it. */
export function decodeLong(data: Uint8Array): number | bigint {
  if (data.length === 0) return 0;
  if (data.length <= 6) {
    let v = 0;
    for (let i = data.length - 1; i >= 0; i--) v = v * 256 + data[i]!;
    const neg = data[data.length - 1]! >= 0x80;
    return neg ? v - 2 ** (8 * data.length) : v;
  }
  let v = 0n;
  for (let i = data.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(data[i]!);
  if (data[data.length - 1]! >= 0x80) v -= 1n << BigInt(8 * data.length);
  return Number.isSafeInteger(Number(v)) && BigInt(Number(v)) === v ? Number(v) : v;
}

function parseIntText(t: string, at: number): number | bigint {
  if (!/^[-+]?\d+$/.test(t)) throw malformed(at, `"${t}" is not an integer`);
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : BigInt(t);
}
