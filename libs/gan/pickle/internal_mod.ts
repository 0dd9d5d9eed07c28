/**
 * For sibling packages, not users: the safe pickle machine and the torch storage helpers this package reads NVIDIA
 * snapshots with, so that other readers of PyTorch files (`torch.save` archives of other networks) execute nothing
 * either. Everything here may change with this package.
 *
 * @example
 * ```ts
 * import { PyCallable, readStoredZip, runPickle } from "@dermanomaly/gan/internal";
 *
 * const entries = readStoredZip(bytes, 0); // a torch.save archive
 * const pkl = entries.get("archive/data.pkl")!;
 * const { value } = runPickle(pkl.bytes, 0, {
 *   findClass: (module, name) => new PyCallable(`${module}.${name}`, () => new Map()),
 * });
 * ```
 *
 * @module
 */
export {
  decodeLong,
  malformed,
  type PickleHooks,
  type PickleLocation,
  PyCallable,
  PyObject,
  pickledDictAttributes,
  runPickle,
  truncated,
} from "./_pickle_vm.ts";
export {
  type DType,
  forbiddenGlobal,
  loadStorageBlob,
  materialize,
  openTorchZip,
  rebuildTensor,
  Storage,
  StorageType,
  storageType,
  TensorRef,
  type TorchZip,
} from "./_torch.ts";
export { readStoredZip, type ZipEntry } from "./_zip.ts";
