// Reads `torch.save` files (the zip format of torch >= 1.6) without running them: a saved `state_dict()` (an
// OrderedDict of tensors), a whole saved `nn.Module` (its `_parameters`, `_buffers` and `_modules`, walked in
// PyTorch's state_dict order), or a dict holding exactly one of those. The pickle goes through libs/gan's safe pickle
// machine with a whitelist of its own; classes are only ever inert records of their attributes, never called.
import { Code, StatusError } from "@dermanomaly/contracts";
import type { StateDict } from "@dermanomaly/gan";
import {
  materialize,
  openTorchZip,
  type PickleHooks,
  PyCallable,
  PyObject,
  rebuildTensor,
  runPickle,
  storageType,
  TensorRef,
} from "@dermanomaly/gan/internal";

/** What a torch file held. */
export interface TorchFileContent {
  /** A saved state dict, or a whole module. */
  kind: "state_dict" | "module";
  /** Where in the file it was: `""` for the root, else the key of the dict that held it. */
  key: string;
  /** Tensors under their names in the file, in the file's (state_dict) order, as float32. */
  stateDict: StateDict;
  /** For modules: each sub-module's class and plain attributes (e.g. BatchNorm2d `momentum`, `eps`), in order. */
  modules: { name: string; className: string; attributes: Record<string, unknown> }[];
}

/** An instance of a pickled class (a torch module, or a user's module class): its class name and attribute dict. */
class Instance extends PyObject {
  state: Map<unknown, unknown> = new Map();
  constructor(readonly className: string) {
    super();
  }
  setState(state: unknown): void {
    if (!(state instanceof Map)) throw invalid(`Pickled "${this.className}" has a state that is not a dict`);
    this.state = state;
  }
}

function invalid(message: string): StatusError {
  return new StatusError(Code.INVALID_ARGUMENT, message);
}

function globals(module: string, name: string): unknown {
  const qualname = `${module}.${name}`;
  switch (qualname) {
    case "collections.OrderedDict":
      return new PyCallable(qualname, (args) => {
        const items = args[0] ?? [];
        if (!Array.isArray(items)) throw invalid("OrderedDict is malformed");
        return new Map(
          items.map((p) => {
            if (!Array.isArray(p) || p.length !== 2) throw invalid("OrderedDict is malformed");
            return [p[0], p[1]] as const;
          }),
        );
      });
    case "torch._utils._rebuild_tensor_v2":
      return new PyCallable(qualname, (args) => rebuildTensor(args));
    case "torch._utils._rebuild_parameter":
    case "torch._utils._rebuild_parameter_with_state":
      return new PyCallable(qualname, (args) => {
        if (!(args[0] instanceof TensorRef)) throw invalid("Parameter does not wrap a tensor");
        return args[0];
      });
    case "__builtin__.set":
    case "builtins.set":
      return new PyCallable(qualname, (args) => new Set(Array.isArray(args[0]) ? args[0] : []));
  }
  const storage = storageType(module, name);
  if (storage !== undefined) return storage;
  // Any other global may only be a class instantiated without arguments (how protocol 2 pickles objects), whose
  // attributes are then read as data; calling it (REDUCE, how a payload would run code) is refused.
  return new PyCallable(
    qualname,
    () => {
      throw invalid(
        `Pickle calls "${qualname}", which is not allowed: only tensors and torch modules are read`,
      );
    },
    (args) => {
      if (args.length > 0) throw invalid(`Pickle builds "${qualname}" with arguments, which is not allowed`);
      return new Instance(qualname);
    },
  );
}

/**
 * Parses the bytes of a `torch.save` file.
 *
 * @throws {StatusError} INVALID_ARGUMENT for files that are not torch zip archives or hold no tensors in a form read
 * here; UNIMPLEMENTED for the legacy (pre-1.6) format and big-endian files
 */
export function parseTorchFile(bytes: Uint8Array): TorchFileContent {
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) {
    if (bytes[0] === 0x80) {
      throw new StatusError(
        Code.UNIMPLEMENTED,
        "Legacy torch.save files (before torch 1.6) are not supported; save again with a newer torch",
      );
    }
    throw invalid("Not a torch.save file: no zip archive");
  }
  const zip = openTorchZip(bytes, 0);
  const hooks: PickleHooks = { findClass: globals, persistentLoad: zip.persistentLoad };
  // A saved state dict's `_metadata` (module versions) becomes the dict's attributes, which are not needed here.
  return interpret(runPickle(zip.pkl.bytes, 0, hooks, { origin: zip.pkl.origin, label: "Pickle" }).value);
}

function interpret(root: unknown): TorchFileContent {
  const direct = asContent(root, "");
  if (direct !== undefined) return direct;
  if (root instanceof Map) {
    const found = [...root]
      .map(([k, v]) => asContent(v, String(k)))
      .filter((c): c is TorchFileContent => c !== undefined);
    if (found.length === 1) return found[0]!;
    if (found.length > 1)
      throw invalid(
        `Torch file holds several networks ("${found.map((f) => f.key).join('", "')}"); save one alone`,
      );
  }
  throw invalid("Torch file holds neither a state_dict nor a torch module");
}

function asContent(v: unknown, key: string): TorchFileContent | undefined {
  if (v instanceof Instance && v.state.has("_modules")) {
    const refs = new Map<string, TensorRef>();
    const modules: TorchFileContent["modules"] = [];
    walk(v, "", refs, modules, 0);
    return { kind: "module", key, stateDict: materializeAll(refs), modules };
  }
  if (
    v instanceof Map &&
    v.size > 0 &&
    [...v].every(([k, t]) => typeof k === "string" && t instanceof TensorRef)
  ) {
    return { kind: "state_dict", key, stateDict: materializeAll(v as Map<string, TensorRef>), modules: [] };
  }
  return undefined;
}

const MAX_DEPTH = 64;

// PyTorch's state_dict order: a module's own parameters, then its persistent buffers, then its children.
function walk(
  m: Instance,
  prefix: string,
  out: Map<string, TensorRef>,
  modules: TorchFileContent["modules"],
  depth: number,
): void {
  if (depth > MAX_DEPTH) throw invalid(`Module "${prefix}" is nested too deeply`);
  const params = m.state.get("_parameters");
  const buffers = m.state.get("_buffers");
  const children = m.state.get("_modules");
  if (!(params instanceof Map) || !(buffers instanceof Map) || !(children instanceof Map))
    throw invalid(`Pickled "${m.className}" at "${prefix || "the root"}" is not a torch module`);
  const skip = m.state.get("_non_persistent_buffers_set");
  const attributes: Record<string, unknown> = {};
  for (const [k, v] of m.state) {
    if (
      typeof k === "string" &&
      !k.startsWith("_") &&
      (v === null || ["number", "boolean", "string"].includes(typeof v))
    )
      Object.defineProperty(attributes, k, { value: v, enumerable: true });
  }
  modules.push({ name: prefix.replace(/\.$/, ""), className: m.className, attributes });
  const add = (name: unknown, t: unknown) => {
    if (t === null) return;
    if (typeof name !== "string" || !(t instanceof TensorRef))
      throw invalid(`Module "${prefix || m.className}" has an entry that is not a tensor`);
    out.set(prefix + name, t);
  };
  for (const [name, t] of params) add(name, t);
  for (const [name, t] of buffers) if (!(skip instanceof Set && skip.has(name))) add(name, t);
  for (const [name, child] of children) {
    if (child === null) continue;
    if (!(child instanceof Instance))
      throw invalid(`Sub-module "${prefix}${String(name)}" is not a torch module`);
    walk(child, `${prefix}${String(name)}.`, out, modules, depth + 1);
  }
}

function materializeAll(refs: Map<string, TensorRef>): StateDict {
  const sd: StateDict = new Map();
  for (const [name, ref] of refs) sd.set(name, { shape: [...ref.shape], data: materialize(ref) });
  return sd;
}
