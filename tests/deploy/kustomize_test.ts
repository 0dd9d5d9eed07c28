import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { renderKustomization, strategicMerge } from "./kustomize.ts";

const root = mkdtempSync(join(tmpdir(), "dermanomaly-kustomize-"));
after(() => rmSync(root, { recursive: true, force: true }));

function write(files: Record<string, string>): string {
  const dir = mkdtempSync(join(root, "k-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: web
          image: example/web:1.0
          env:
            - name: A
              value: "1"
            - name: B
              value: "2"
          ports:
            - containerPort: 80
          volumeMounts:
            - name: tmp
              mountPath: /tmp
        - name: sidecar
          image: example/sidecar
      tolerations:
        - key: a
          operator: Exists
      volumes:
        - name: tmp
          emptyDir: {}
`;

test("strategic merge merges containers and env by name, volume mounts by path, and replaces lists without a merge key", () => {
  const dir = write({
    "base/kustomization.yaml": "kind: Kustomization\nresources: [deployment.yaml]\n",
    "base/deployment.yaml": DEPLOYMENT,
    "overlay/kustomization.yaml":
      "kind: Kustomization\nnamespace: ns\nresources: [../base]\npatches:\n  - path: patch.yaml\n",
    "overlay/patch.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: null
  template:
    spec:
      containers:
        - name: web
          env:
            - name: B
              value: "20"
            - name: C
              value: "3"
          volumeMounts:
            - name: data
              mountPath: /data
          resources:
            limits:
              nvidia.com/gpu: 1
      tolerations:
        - key: b
          operator: Exists
      volumes:
        - name: data
          persistentVolumeClaim:
            claimName: data
`,
  });
  const [d] = renderKustomization(join(dir, "overlay")) as unknown as [
    { spec: Record<string, unknown>; metadata: { namespace: string } },
  ];
  const spec = d.spec;
  const pod = (spec["template"] as { spec: Record<string, unknown> }).spec;
  const [web, sidecar] = pod["containers"] as Record<string, unknown>[];
  assert.equal("replicas" in spec, false, "null deletes");
  assert.deepEqual(web?.["env"], [
    { name: "A", value: "1" },
    { name: "B", value: "20" },
    { name: "C", value: "3" },
  ]);
  assert.deepEqual(
    (web?.["volumeMounts"] as { mountPath: string }[]).map((m) => m.mountPath),
    ["/tmp", "/data"],
  );
  assert.deepEqual(web?.["resources"], { limits: { "nvidia.com/gpu": 1 } });
  assert.equal(sidecar?.["image"], "example/sidecar", "a container the patch does not name is kept");
  assert.deepEqual(pod["tolerations"], [{ key: "b", operator: "Exists" }], "no merge key: replaced");
  assert.deepEqual(
    (pod["volumes"] as { name: string }[]).map((v) => v.name),
    ["tmp", "data"],
  );
  assert.equal(d.metadata.namespace, "ns");
});

test("an item with $patch: delete is removed, and images take a new name and tag", () => {
  const merged = strategicMerge(
    { spec: { containers: [{ name: "a" }, { name: "b" }] } },
    { spec: { containers: [{ name: "a", $patch: "delete" }] } },
    { path: [], lists: "strategic" },
  );
  assert.deepEqual(merged, { spec: { containers: [{ name: "b" }] } });

  const dir = write({
    "kustomization.yaml": `kind: Kustomization
resources: [deployment.yaml]
images:
  - name: example/web
    newName: registry.local/web-cuda
  - name: example/sidecar
    newTag: "2.0"
`,
    "deployment.yaml": DEPLOYMENT,
  });
  const [d] = renderKustomization(dir);
  const images = (
    d as unknown as { spec: { template: { spec: { containers: { image: string }[] } } } }
  ).spec.template.spec.containers.map((c) => c.image);
  assert.deepEqual(images, ["registry.local/web-cuda:1.0", "example/sidecar:2.0"]);
});

test("a resource without a schema (a custom resource) has its lists replaced, as kustomize does", () => {
  const dir = write({
    "kustomization.yaml": "kind: Kustomization\nresources: [so.yaml]\npatches:\n  - path: patch.yaml\n",
    "so.yaml": `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: web
spec:
  maxReplicaCount: 8
  triggers:
    - type: cpu
      metadata: {value: "70"}
`,
    "patch.yaml": `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: web
spec:
  maxReplicaCount: 4
  triggers:
    - type: memory
`,
  });
  const [so] = renderKustomization(dir);
  assert.deepEqual((so as unknown as { spec: unknown }).spec, {
    maxReplicaCount: 4,
    triggers: [{ type: "memory" }],
  });
});

test("the renderer refuses what it does not implement, and a patch with no target", () => {
  const unsupported = write({ "kustomization.yaml": "kind: Kustomization\nconfigMapGenerator: []\n" });
  assert.throws(() => renderKustomization(unsupported), /"configMapGenerator" is not supported/);
  const targeted = write({
    "kustomization.yaml":
      "kind: Kustomization\nresources: [d.yaml]\npatches:\n  - path: p.yaml\n    target: {kind: Deployment}\n",
    "d.yaml": DEPLOYMENT,
    "p.yaml": "",
  });
  assert.throws(() => renderKustomization(targeted), /only patches with a path/);
  const orphan = write({
    "kustomization.yaml": "kind: Kustomization\nresources: [d.yaml]\npatches:\n  - path: p.yaml\n",
    "d.yaml": DEPLOYMENT,
    "p.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: other\n",
  });
  assert.throws(() => renderKustomization(orphan), /no Deployment "other" to patch/);
});
