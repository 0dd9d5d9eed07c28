// The part of kustomize the manifests in deploy/k8s use, written here because no kustomize (or kubectl) runs in CI
// and no maintained npm package renders kustomizations: resources (files and folders), namespace, images, and
// strategic-merge patches (by kind and name; lists merged by their Kubernetes merge keys, `null` deletes a field).
// Anything else in a kustomization.yaml is refused, so the renderer never quietly skips what an overlay asks for.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseAllDocuments } from "yaml";

/** One Kubernetes object, as parsed from YAML. */
export interface Resource {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const KUSTOMIZATION_FIELDS = new Set(["apiVersion", "kind", "namespace", "resources", "patches", "images"]);

/** Kinds that belong to no namespace (the namespace transformer leaves them alone). */
const CLUSTER_SCOPED = new Set([
  "Namespace",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
]);

/** Kinds kustomize patches with JSON merge semantics (no schema: lists are replaced). */
const BUILTIN_GROUPS = /^(v1|apps\/v1|policy\/v1|networking\.k8s\.io\/v1|batch\/v1|autoscaling\/v2)$/;

/** Every YAML document of a file (empty documents skipped). */
export function readYamlDocuments(path: string): JsonObject[] {
  const docs = parseAllDocuments(readFileSync(path, "utf8"));
  const out: JsonObject[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors[0]?.message}`);
    const value = doc.toJS() as Json;
    if (value === null || value === undefined) continue;
    if (typeof value !== "object" || Array.isArray(value))
      throw new Error(`${path}: a document is not a map`);
    out.push(value);
  }
  return out;
}

/** The objects `kustomize build <dir>` would print, in resource order. */
export function renderKustomization(dir: string): Resource[] {
  const root = resolve(dir);
  const file = join(root, "kustomization.yaml");
  if (!existsSync(file)) throw new Error(`${root} has no kustomization.yaml`);
  const [k] = readYamlDocuments(file);
  if (k === undefined) throw new Error(`${file} is empty`);
  for (const key of Object.keys(k)) {
    if (!KUSTOMIZATION_FIELDS.has(key))
      throw new Error(`${file}: "${key}" is not supported by this renderer`);
  }
  if (k["kind"] !== "Kustomization") throw new Error(`${file}: kind must be Kustomization`);

  const resources: Resource[] = [];
  for (const entry of (k["resources"] ?? []) as string[]) {
    const path = join(root, entry);
    if (statSync(path).isDirectory()) resources.push(...renderKustomization(path));
    else resources.push(...readYamlDocuments(path).map((doc) => asResource(doc, path)));
  }

  for (const patch of (k["patches"] ?? []) as JsonObject[]) {
    const keys = Object.keys(patch);
    if (keys.length !== 1 || typeof patch["path"] !== "string") {
      throw new Error(
        `${file}: only patches with a path (strategic merge, target from the patch) are supported`,
      );
    }
    const path = join(root, patch["path"]);
    for (const doc of readYamlDocuments(path)) {
      const p = asResource(doc, path);
      const target = resources.find(
        (r) =>
          r.kind === p.kind && r.metadata.name === p.metadata.name && sameGroup(r.apiVersion, p.apiVersion),
      );
      if (target === undefined) throw new Error(`${path}: no ${p.kind} "${p.metadata.name}" to patch`);
      const merged = strategicMerge(target as unknown as JsonObject, doc, {
        path: [],
        lists: BUILTIN_GROUPS.test(target.apiVersion) ? "strategic" : "replace",
      }) as unknown as Resource;
      resources[resources.indexOf(target)] = merged;
    }
  }

  for (const image of (k["images"] ?? []) as JsonObject[]) {
    for (const r of resources) for (const c of containersOf(r)) setImage(c, image);
  }

  const namespace = k["namespace"];
  if (typeof namespace === "string") {
    for (const r of resources) if (!CLUSTER_SCOPED.has(r.kind)) r.metadata.namespace = namespace;
  }
  return resources;
}

function asResource(doc: JsonObject, path: string): Resource {
  const meta = doc["metadata"] as JsonObject | undefined;
  if (
    typeof doc["apiVersion"] !== "string" ||
    typeof doc["kind"] !== "string" ||
    typeof meta?.["name"] !== "string"
  ) {
    throw new Error(`${path}: every document needs apiVersion, kind and metadata.name`);
  }
  return doc as unknown as Resource;
}

function sameGroup(a: string, b: string): boolean {
  return a.split("/").slice(0, -1).join("/") === b.split("/").slice(0, -1).join("/");
}

/** The containers of a workload's pod template (or a Pod's own). */
export function containersOf(r: Resource): JsonObject[] {
  const spec = podSpecOf(r);
  if (spec === undefined) return [];
  return [
    ...((spec["initContainers"] ?? []) as JsonObject[]),
    ...((spec["containers"] ?? []) as JsonObject[]),
  ];
}

/** The pod spec of a workload's template, or a Pod's spec. */
export function podSpecOf(r: Resource): JsonObject | undefined {
  const spec = r["spec"] as JsonObject | undefined;
  if (r.kind === "Pod") return spec;
  const template = spec?.["template"] as JsonObject | undefined;
  return template?.["spec"] as JsonObject | undefined;
}

/** kustomize's images transformer: `name` (without tag) becomes `newName`, with `newTag` or `digest` if given. */
function setImage(container: JsonObject, image: JsonObject): void {
  const current = container["image"];
  if (typeof current !== "string") return;
  const match = /^([^@]+?)(?::([^:/@]+))?(@.+)?$/.exec(current);
  if (!match || match[1] !== image["name"]) return;
  const name = (image["newName"] as string | undefined) ?? match[1]!;
  if (typeof image["digest"] === "string") container["image"] = `${name}@${image["digest"]}`;
  else {
    const tag = (image["newTag"] as string | undefined) ?? match[2];
    container["image"] = tag === undefined ? name : `${name}:${tag}`;
  }
}

/** Merge keys of the Kubernetes lists the manifests patch (the API's `x-kubernetes-patch-merge-key`). */
function mergeKey(path: readonly string[]): string | undefined {
  const field = path.at(-1);
  const parent = path.at(-2);
  switch (field) {
    case "containers":
    case "initContainers":
    case "env":
    case "volumes":
    case "imagePullSecrets":
      return "name";
    case "volumeMounts":
      return "mountPath";
    case "ports":
      // A container's ports merge on containerPort, a Service's on port.
      return parent === "spec" ? "port" : "containerPort";
    default:
      return undefined;
  }
}

interface MergeContext {
  path: string[];
  lists: "strategic" | "replace";
}

/**
 * Strategic merge of `patch` into `target` (a new value; neither input changes): maps merge key by key, `null`
 * deletes, `$patch: replace` / `$patch: delete` on a map replace or drop it, lists with a merge key merge item by
 * item (an item with `$patch: delete` is removed), other lists are replaced.
 */
export function strategicMerge(
  target: Json,
  patch: Json,
  context: MergeContext = { path: [], lists: "strategic" },
): Json {
  if (patch === null || typeof patch !== "object") return patch;
  if (Array.isArray(patch)) {
    const key = context.lists === "strategic" ? mergeKey(context.path) : undefined;
    if (key === undefined || !Array.isArray(target)) return structuredClone(patch);
    const out = structuredClone(target) as JsonObject[];
    for (const item of patch as JsonObject[]) {
      const index = out.findIndex((o) => o[key] === item[key]);
      if (item["$patch"] === "delete") {
        if (index >= 0) out.splice(index, 1);
      } else if (index >= 0) {
        out[index] = strategicMerge(out[index]!, item, context) as JsonObject;
      } else {
        out.push(structuredClone(item));
      }
    }
    return out;
  }
  if (patch["$patch"] === "replace") {
    const { $patch: _, ...rest } = patch;
    return structuredClone(rest);
  }
  if (target === null || typeof target !== "object" || Array.isArray(target)) return structuredClone(patch);
  const out = structuredClone(target);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (typeof value === "object" && !Array.isArray(value) && value["$patch"] === "delete")
      delete out[key];
    else out[key] = strategicMerge(out[key] ?? null, value, { ...context, path: [...context.path, key] });
  }
  return out;
}

/** The folder of this repository's deploy/ tree. */
export const DEPLOY_DIR: string = resolve(dirname(import.meta.dirname), "..", "deploy");
