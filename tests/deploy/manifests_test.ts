// The Kubernetes manifests of deploy/k8s, base and overlays rendered as kustomize would, checked against the
// Kubernetes API schemas (kubernetes-models, offline) and against what the code declares: ports, health service
// names, configuration schemas, the work queue KEDA watches, who calls whom.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, posix } from "node:path";
import { test } from "node:test";
import { SERVICE_NAMES, SERVICES, type ServiceName } from "@dermanomaly/contracts";
import { parse } from "yaml";
import { defineConfig } from "../../libs/runtime/mod.ts";
import { BACKEND_NAMES } from "../../libs/tf/backend.ts";
import { callGraph, knownVariables, reconstructorWorkQueue } from "./_code.ts";
import { containersOf, DEPLOY_DIR, podSpecOf, type Resource, renderKustomization } from "./kustomize.ts";

type Obj = Record<string, unknown>;

const OVERLAYS = ["local", "cluster", "gpu"] as const;
const RENDERED: Record<string, Resource[]> = {
  base: renderKustomization(join(DEPLOY_DIR, "k8s", "base")),
  ...Object.fromEntries(
    OVERLAYS.map((o) => [o, renderKustomization(join(DEPLOY_DIR, "k8s", "overlays", o))]),
  ),
};
/** The services that run on GPUs in the gpu overlay: the two trainers (TF.js) and the reconstructor (ONNX Runtime). */
const GPU_SERVICES: readonly ServiceName[] = ["gan-trainer", "encoder-trainer", "reconstructor"];
const NATS_VALUES = parse(readFileSync(join(DEPLOY_DIR, "nats", "values.yaml"), "utf8")) as Obj;

function find(rendered: Resource[], kind: string, name: string): Resource {
  const r = rendered.find((x) => x.kind === kind && x.metadata.name === name);
  assert.ok(r, `no ${kind} "${name}"`);
  return r;
}

function get(obj: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((o, k) => (o as Obj | undefined)?.[k], obj);
}

// --- validation against the API schemas ---------------------------------------------------------------------------

const require = createRequire(import.meta.url);
const SCHEMA_DIRS = [
  join(dirname(require.resolve("kubernetes-models/package.json")), "_schemas"),
  join(dirname(require.resolve("@kubernetes-models/keda/package.json")), "_schemas"),
];

/** The model class of an apiVersion and kind, from kubernetes-models (and its KEDA package). */
async function modelOf(
  apiVersion: string,
  kind: string,
): Promise<new (data: unknown) => { validate(): void }> {
  const module =
    apiVersion === "keda.sh/v1alpha1"
      ? await import("@kubernetes-models/keda/keda.sh/v1alpha1")
      : await import(`kubernetes-models/${apiVersion}`);
  const model = (module as Record<string, unknown>)[kind];
  assert.equal(typeof model, "function", `kubernetes-models has no ${apiVersion} ${kind}`);
  return model as new (
    data: unknown,
  ) => { validate(): void };
}

const fieldCache = new Map<string, Set<string>>();
/**
 * The properties a schema knows, read from kubernetes-models' compiled validators (they check each known property
 * by name). The validators accept unknown properties, as the API server's lenient mode does; the API server's
 * strict field validation (kubectl's default) refuses them, so these tests do too.
 */
function knownFields(schema: string): Set<string> {
  let fields = fieldCache.get(schema);
  if (fields === undefined) {
    const dir = SCHEMA_DIRS.find((d) => {
      try {
        readFileSync(join(d, `${schema}.js`));
        return true;
      } catch {
        return false;
      }
    });
    assert.ok(dir, `no schema ${schema}`);
    const text = readFileSync(join(dir, `${schema}.js`), "utf8");
    fields = new Set([...text.matchAll(/parentDataProperty:"([A-Za-z0-9$]+)"/g)].map((m) => m[1]!));
    fieldCache.set(schema, fields);
  }
  return fields;
}

/** Which schema each nested object of the manifests has, by field name under a parent schema. */
const NESTED: Record<string, Record<string, string>> = {
  IoK8sApiAppsV1Deployment: { spec: "IoK8sApiAppsV1DeploymentSpec" },
  IoK8sApiAppsV1DeploymentSpec: {
    template: "IoK8sApiCoreV1PodTemplateSpec",
    strategy: "IoK8sApiAppsV1DeploymentStrategy",
  },
  IoK8sApiCoreV1PodTemplateSpec: { spec: "IoK8sApiCoreV1PodSpec" },
  IoK8sApiCoreV1PodSpec: {
    containers: "IoK8sApiCoreV1Container",
    securityContext: "IoK8sApiCoreV1PodSecurityContext",
    volumes: "IoK8sApiCoreV1Volume",
    tolerations: "IoK8sApiCoreV1Toleration",
  },
  IoK8sApiCoreV1Container: {
    livenessProbe: "IoK8sApiCoreV1Probe",
    readinessProbe: "IoK8sApiCoreV1Probe",
    startupProbe: "IoK8sApiCoreV1Probe",
    securityContext: "IoK8sApiCoreV1SecurityContext",
    volumeMounts: "IoK8sApiCoreV1VolumeMount",
    env: "IoK8sApiCoreV1EnvVar",
    envFrom: "IoK8sApiCoreV1EnvFromSource",
    ports: "IoK8sApiCoreV1ContainerPort",
    resources: "IoK8sApiCoreV1ResourceRequirements",
  },
  IoK8sApiCoreV1Probe: { grpc: "IoK8sApiCoreV1GRPCAction" },
  IoK8sApiCoreV1Volume: {
    secret: "IoK8sApiCoreV1SecretVolumeSource",
    emptyDir: "IoK8sApiCoreV1EmptyDirVolumeSource",
    persistentVolumeClaim: "IoK8sApiCoreV1PersistentVolumeClaimVolumeSource",
  },
  IoK8sApiCoreV1Service: { spec: "IoK8sApiCoreV1ServiceSpec" },
  IoK8sApiCoreV1ServiceSpec: { ports: "IoK8sApiCoreV1ServicePort" },
  IoK8sApiNetworkingV1NetworkPolicy: { spec: "IoK8sApiNetworkingV1NetworkPolicySpec" },
  IoK8sApiNetworkingV1NetworkPolicySpec: {
    ingress: "IoK8sApiNetworkingV1NetworkPolicyIngressRule",
    egress: "IoK8sApiNetworkingV1NetworkPolicyEgressRule",
  },
  IoK8sApiNetworkingV1NetworkPolicyIngressRule: {
    from: "IoK8sApiNetworkingV1NetworkPolicyPeer",
    ports: "IoK8sApiNetworkingV1NetworkPolicyPort",
  },
  IoK8sApiNetworkingV1NetworkPolicyEgressRule: {
    to: "IoK8sApiNetworkingV1NetworkPolicyPeer",
    ports: "IoK8sApiNetworkingV1NetworkPolicyPort",
  },
  IoK8sApiPolicyV1PodDisruptionBudget: { spec: "IoK8sApiPolicyV1PodDisruptionBudgetSpec" },
  IoK8sApiCoreV1PersistentVolumeClaim: { spec: "IoK8sApiCoreV1PersistentVolumeClaimSpec" },
};

function schemaName(r: Resource): string {
  const [group, version] = r.apiVersion.includes("/") ? r.apiVersion.split("/") : ["core", r.apiVersion];
  if (group === "keda.sh") return `KedaShV1alpha1${r.kind}`;
  const g = group!
    .replace(/\.k8s\.io$/, "")
    .split(".")
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join("");
  return `IoK8sApi${g}${version![0]!.toUpperCase()}${version!.slice(1)}${r.kind}`;
}

/** Paths of properties no schema knows, walking the objects whose schema is known. */
function unknownFields(value: unknown, schema: string, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => unknownFields(v, schema, `${path}[${i}]`));
  if (value === null || typeof value !== "object") return [];
  const known = knownFields(schema);
  const out: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (!known.has(key)) out.push(`${path}.${key}`);
    const nested = NESTED[schema]?.[key];
    if (nested !== undefined) out.push(...unknownFields(child, nested, `${path}.${key}`));
  }
  return out;
}

test("every manifest of the base and each overlay validates against the Kubernetes API schemas, with no unknown field", async () => {
  for (const [overlay, resources] of Object.entries(RENDERED)) {
    for (const r of resources) {
      const where = `${overlay}: ${r.kind} ${r.metadata.name}`;
      const Model = await modelOf(r.apiVersion, r.kind);
      assert.doesNotThrow(() => new Model(r).validate(), where);
      const { metadata: _, ...rest } = r;
      assert.deepEqual(unknownFields(rest, schemaName(r), r.kind), [], where);
      if (r.kind !== "Namespace") assert.equal(r.metadata.namespace, "dermanomaly", where);
    }
  }
});

test("the strict-field check finds a misspelt field (it would pass the schemas' own validation)", () => {
  const deployment = structuredClone(find(RENDERED["base"]!, "Deployment", "scorer"));
  const container = containersOf(deployment)[0]!;
  container["readinesProbe"] = container["readinessProbe"] ?? null;
  assert.deepEqual(unknownFields(deployment, schemaName(deployment), "Deployment"), [
    "Deployment.spec.template.spec.containers[0].readinesProbe",
  ]);
});

// --- one Deployment, Service and PodDisruptionBudget per service ---------------------------------------------------

/** The environment a container gets: ConfigMaps it loads whole, then its own entries (later ones win). */
function environment(rendered: Resource[], container: Obj): Map<string, { value?: string; secret?: Obj }> {
  const env = new Map<string, { value?: string; secret?: Obj }>();
  for (const from of (container["envFrom"] ?? []) as Obj[]) {
    const name = get(from, "configMapRef.name") as string | undefined;
    assert.ok(name, "envFrom only takes ConfigMaps here (credentials come one by one from Secrets)");
    const data = find(rendered, "ConfigMap", name)["data"] as Record<string, string>;
    for (const [k, v] of Object.entries(data)) env.set(k, { value: v });
  }
  for (const e of (container["env"] ?? []) as Obj[]) {
    const secret = get(e, "valueFrom.secretKeyRef") as Obj | undefined;
    env.set(e["name"] as string, secret ? { secret } : { value: e["value"] as string });
  }
  return env;
}

function serviceContainer(rendered: Resource[], name: ServiceName): { deployment: Resource; container: Obj } {
  const deployment = find(rendered, "Deployment", name);
  const containers = containersOf(deployment);
  assert.equal(containers.length, 1, `${name}: one container`);
  return { deployment, container: containers[0]! };
}

test("every overlay runs each service of SERVICES as a Deployment, Service and PodDisruptionBudget on its port", () => {
  for (const [overlay, rendered] of Object.entries(RENDERED)) {
    const deployments = rendered.filter((r) => r.kind === "Deployment").map((r) => r.metadata.name);
    assert.deepEqual(deployments.sort(), [...SERVICE_NAMES].sort(), overlay);
    for (const name of SERVICE_NAMES) {
      const where = `${overlay}/${name}`;
      const { deployment, container } = serviceContainer(rendered, name);
      const labels = get(deployment, "spec.template.metadata.labels") as Record<string, string>;
      assert.deepEqual(
        get(deployment, "spec.selector.matchLabels"),
        { "app.kubernetes.io/name": name },
        where,
      );
      assert.equal(labels["app.kubernetes.io/name"], name, where);
      assert.equal(labels["app.kubernetes.io/part-of"], "dermanomaly", where);
      const port = SERVICES[name].port;
      assert.ok(
        ((container["ports"] ?? []) as Obj[]).some(
          (p) => p["name"] === "grpc" && p["containerPort"] === port,
        ),
        where,
      );
      assert.equal(environment(rendered, container).get("DERMANOMALY_GRPC_PORT")?.value, String(port), where);

      const service = find(rendered, "Service", name);
      assert.deepEqual(get(service, "spec.selector"), { "app.kubernetes.io/name": name }, where);
      const grpcPort = (get(service, "spec.ports") as Obj[]).find((p) => p["name"] === "grpc");
      assert.deepEqual([grpcPort?.["port"], grpcPort?.["targetPort"]], [port, "grpc"], where);

      const pdb = find(rendered, "PodDisruptionBudget", name);
      assert.deepEqual(get(pdb, "spec.selector.matchLabels"), { "app.kubernetes.io/name": name }, where);
      assert.equal(get(pdb, "spec.maxUnavailable"), 1, `${where}: a PDB that lets nodes drain`);
    }
  }
});

test("every container has gRPC health probes, requests and limits, and runs non-root, read-only, with nothing to escalate", () => {
  for (const [overlay, rendered] of Object.entries(RENDERED)) {
    for (const name of SERVICE_NAMES) {
      const where = `${overlay}/${name}`;
      const { deployment, container } = serviceContainer(rendered, name);
      const env = environment(rendered, container);
      const healthPort = Number(env.get("DERMANOMALY_GRPC_HEALTH_PORT")?.value);
      assert.ok(healthPort > 0, `${where}: the plaintext health port is on (probes cannot speak TLS)`);
      assert.ok(
        ((container["ports"] ?? []) as Obj[]).some((p) => p["containerPort"] === healthPort),
        `${where}: the health port is a container port`,
      );
      for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
        assert.equal(
          get(container, `${probe}.grpc.port`),
          healthPort,
          `${where}: ${probe} asks grpc.health.v1`,
        );
      }
      // Readiness follows the service's own status (NOT_SERVING while it loads); liveness the process's.
      assert.equal(get(container, "readinessProbe.grpc.service"), SERVICES[name].serviceName, where);
      assert.equal(get(container, "livenessProbe.grpc.service"), undefined, where);

      for (const kind of ["requests", "limits"]) {
        for (const resource of ["cpu", "memory"]) {
          assert.ok(
            get(container, `resources.${kind}.${resource}`) !== undefined,
            `${where}: ${kind}.${resource}`,
          );
        }
      }
      assert.ok(
        quantity(get(container, "resources.requests.memory")) <=
          quantity(get(container, "resources.limits.memory")),
        where,
      );

      const pod = podSpecOf(deployment)!;
      const sc = container["securityContext"] as Obj;
      assert.equal(sc["runAsNonRoot"] ?? get(pod, "securityContext.runAsNonRoot"), true, where);
      assert.ok(Number(get(pod, "securityContext.runAsUser")) > 0, `${where}: a numeric non-root user`);
      assert.equal(sc["readOnlyRootFilesystem"], true, where);
      assert.equal(sc["allowPrivilegeEscalation"], false, where);
      assert.deepEqual(get(sc, "capabilities.drop"), ["ALL"], where);
      assert.equal(get(sc, "capabilities.add"), undefined, where);
      assert.equal(
        get(sc, "seccompProfile.type") ?? get(pod, "securityContext.seccompProfile.type"),
        "RuntimeDefault",
      );
      assert.equal(pod["automountServiceAccountToken"], false, `${where}: no API token in the pod`);

      // With a read-only root, the only writable places are volumes: /tmp and the work folder.
      const mounts = (container["volumeMounts"] ?? []) as Obj[];
      const volumes = (pod["volumes"] ?? []) as Obj[];
      for (const path of ["/tmp", env.get("DERMANOMALY_WORK_DIR")?.value]) {
        const mount = mounts.find((m) => m["mountPath"] === path);
        assert.ok(mount && mount["readOnly"] !== true, `${where}: ${path} is a writable volume`);
        assert.ok(
          volumes.find((v) => v["name"] === mount["name"])?.["emptyDir"],
          `${where}: ${path} is an emptyDir`,
        );
      }
    }
  }
});

function quantity(value: unknown): number {
  const m = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti)?$/.exec(String(value));
  assert.ok(m, `not a quantity: ${String(value)}`);
  const unit = { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 }[m[2] ?? ""] ?? 1;
  return Number(m[1]) * unit;
}

// --- configuration ---------------------------------------------------------------------------------------------------

test("every variable a manifest sets is one its service reads, every required one is set, and every value parses", async () => {
  for (const [overlay, rendered] of Object.entries(RENDERED)) {
    for (const name of SERVICE_NAMES) {
      const where = `${overlay}/${name}`;
      const { schema, known } = await knownVariables(name);
      const { container } = serviceContainer(rendered, name);
      const env = environment(rendered, container);
      for (const variable of env.keys())
        assert.ok(known.has(variable), `${where}: ${variable} is read by no code`);
      // Secrets' values are not in the manifests: any text stands for them (their fields take any text).
      const values = Object.fromEntries([...env].map(([k, v]) => [k, v.value ?? "secret-value"]));
      const config = defineConfig(schema).load(values); // throws naming every missing or bad variable
      assert.equal(config["DERMANOMALY_GRPC_PORT"], SERVICES[name].port, where);
    }
  }
});

test("every file a setting names is in a mounted Secret or volume, and credentials come from Secrets only", () => {
  const FILE_SETTINGS =
    /^DERMANOMALY_(GRPC_TLS_(CERT|KEY|CLIENT_CA|CA|CLIENT_CERT|CLIENT_KEY)|NATS_TLS_(CA|CERT|KEY)|NATS_(NKEY|CREDS)_FILE)$/;
  for (const [overlay, rendered] of Object.entries(RENDERED)) {
    for (const name of SERVICE_NAMES) {
      const where = `${overlay}/${name}`;
      const { deployment, container } = serviceContainer(rendered, name);
      const env = environment(rendered, container);
      const pod = podSpecOf(deployment)!;
      for (const [variable, { value, secret }] of env) {
        if (/PASSWORD|TOKEN/.test(variable)) assert.ok(secret, `${where}: ${variable} comes from a Secret`);
        if (!FILE_SETTINGS.test(variable) || !value) continue;
        const mount = ((container["volumeMounts"] ?? []) as Obj[]).find((m) =>
          value.startsWith(`${m["mountPath"]}/`),
        );
        assert.ok(mount, `${where}: ${variable}=${value} is in no mounted volume`);
        const volume = ((pod["volumes"] ?? []) as Obj[]).find((v) => v["name"] === mount["name"]);
        const source = volume?.["secret"] as Obj | undefined;
        assert.ok(source, `${where}: ${variable} comes from a Secret volume`);
        const file = posix.relative(mount["mountPath"] as string, value);
        const items = source["items"] as Obj[] | undefined;
        const keys = items ? items.map((i) => i["path"]) : ["tls.crt", "tls.key", "ca.crt"];
        assert.ok(
          keys.includes(file),
          `${where}: ${variable} names ${file}, which Secret ${source["secretName"]} lacks`,
        );
      }
    }
  }
});

test("the trainers' termination grace exceeds their SIGTERM snapshot grace, and the gan-trainer's covers 256x256", async () => {
  for (const [overlay, rendered] of Object.entries(RENDERED)) {
    for (const name of SERVICE_NAMES) {
      const { schema } = await knownVariables(name);
      const { deployment, container } = serviceContainer(rendered, name);
      const env = environment(rendered, container);
      const graceMs = Number(
        env.get("DERMANOMALY_SHUTDOWN_GRACE_MS")?.value ?? schema["DERMANOMALY_SHUTDOWN_GRACE_MS"]?.default,
      );
      const terminationS = Number(get(podSpecOf(deployment), "terminationGracePeriodSeconds") ?? 30);
      // The drain must end before the kubelet's SIGKILL, with time to store the snapshot it writes.
      assert.ok(
        terminationS * 1000 >= graceMs + 15_000,
        `${overlay}/${name}: ${terminationS} s vs ${graceMs} ms`,
      );
    }
    const gan = environment(rendered, serviceContainer(rendered, "gan-trainer").container);
    assert.ok(Number(gan.get("DERMANOMALY_SHUTDOWN_GRACE_MS")?.value) >= 120_000, overlay);
  }
});

// --- GPUs ----------------------------------------------------------------------------------------------------------

function gpus(container: Obj): unknown {
  return get(container, "resources.limits")
    ? (get(container, "resources.limits") as Obj)["nvidia.com/gpu"]
    : undefined;
}

test("the gpu overlay gives a GPU exactly to the trainers and the reconstructor, with tolerations, node selectors and GPU images", () => {
  const rendered = RENDERED["gpu"]!;
  for (const name of SERVICE_NAMES) {
    const { deployment, container } = serviceContainer(rendered, name);
    const pod = podSpecOf(deployment)!;
    const env = environment(rendered, container);
    if (GPU_SERVICES.includes(name)) {
      assert.equal(gpus(container), 1, name);
      assert.equal((get(container, "resources.requests") as Obj)["nvidia.com/gpu"], 1, name);
      assert.ok(
        ((pod["tolerations"] ?? []) as Obj[]).some(
          (t) => t["key"] === "nvidia.com/gpu" && t["effect"] === "NoSchedule",
        ),
        name,
      );
      assert.ok(
        Object.keys((pod["nodeSelector"] ?? {}) as Obj).some((k) => k.startsWith("nvidia.com/")),
        name,
      );
      const image = container["image"] as string;
      if (name === "reconstructor") {
        assert.match(image, /-cuda12:/);
        assert.equal(env.get("DERMANOMALY_ORT_PROVIDER")?.value, "cuda");
      } else {
        assert.match(image, /-cuda11:/);
        const backend = env.get("DERMANOMALY_TF_BACKEND")?.value;
        assert.equal(backend, "tensorflow-gpu");
        assert.ok((BACKEND_NAMES as readonly string[]).includes(backend!));
      }
    } else {
      assert.equal(gpus(container), undefined, name);
      assert.equal(pod["tolerations"], undefined, name);
      assert.doesNotMatch(container["image"] as string, /cuda/, name);
    }
  }
  for (const overlay of ["base", "local", "cluster"]) {
    for (const name of SERVICE_NAMES) {
      const { container } = serviceContainer(RENDERED[overlay]!, name);
      assert.equal(gpus(container), undefined, `${overlay}/${name}: no GPU outside the gpu overlay`);
      assert.doesNotMatch(container["image"] as string, /cuda/, `${overlay}/${name}`);
    }
  }
});

// --- NATS, replication, artifacts ------------------------------------------------------------------------------------

test("the cluster overlays keep three copies on a 3-server JetStream and store artifacts in its object store; local keeps one on a shared volume", () => {
  const servers = Number(get(NATS_VALUES, "config.cluster.replicas"));
  assert.equal(get(NATS_VALUES, "config.cluster.enabled"), true);
  for (const overlay of ["cluster", "gpu"]) {
    const data = find(RENDERED[overlay]!, "ConfigMap", "dermanomaly-config")["data"] as Record<
      string,
      string
    >;
    assert.equal(data["DERMANOMALY_NATS_REPLICAS"], "3", overlay);
    assert.ok(
      Number(data["DERMANOMALY_NATS_REPLICAS"]) <= servers,
      `${overlay}: no more copies than servers`,
    );
    assert.match(data["DERMANOMALY_ARTIFACTS"]!, /^nats-obj:\/\/[a-z0-9_-]+$/, overlay);
  }
  const local = RENDERED["local"]!;
  const data = find(local, "ConfigMap", "dermanomaly-config")["data"] as Record<string, string>;
  assert.equal(data["DERMANOMALY_NATS_REPLICAS"], "1");
  const root = new URL(data["DERMANOMALY_ARTIFACTS"]!).pathname;
  assert.match(data["DERMANOMALY_ARTIFACTS"]!, /^file:\/\//);
  for (const name of SERVICE_NAMES) {
    const { deployment, container } = serviceContainer(local, name);
    const mount = ((container["volumeMounts"] ?? []) as Obj[]).find((m) => m["mountPath"] === root);
    assert.ok(mount, `${name} mounts the artifact volume at ${root}`);
    const volume = ((podSpecOf(deployment)!["volumes"] ?? []) as Obj[]).find(
      (v) => v["name"] === mount["name"],
    );
    const claim = get(volume, "persistentVolumeClaim.claimName") as string;
    find(local, "PersistentVolumeClaim", claim);
  }
});

test("the NATS servers meet the restricted Pod Security Standard their namespace enforces", () => {
  for (const [overlay, rendered] of Object.entries(RENDERED)) {
    const namespace = rendered.find((r) => r.kind === "Namespace");
    assert.equal(namespace?.metadata.labels?.["pod-security.kubernetes.io/enforce"], "restricted", overlay);
  }
  const pod = get(NATS_VALUES, "podTemplate.merge.spec.securityContext") as Obj;
  assert.equal(pod["runAsNonRoot"], true);
  assert.ok(Number(pod["runAsUser"]) > 0, "a numeric non-root user");
  assert.equal(get(pod, "seccompProfile.type"), "RuntimeDefault");
  for (const container of ["container", "reloader"]) {
    const sc = get(NATS_VALUES, `${container}.merge.securityContext`) as Obj;
    assert.equal(sc["allowPrivilegeEscalation"], false, container);
    assert.deepEqual(get(sc, "capabilities.drop"), ["ALL"], container);
  }
  // Containers the chart would add that these values do not secure stay off.
  assert.notEqual(get(NATS_VALUES, "promExporter.enabled"), true);
  assert.equal(get(NATS_VALUES, "natsBox.enabled"), false);
});

test("the NATS values turn on JetStream on PVC file storage, monitoring, TLS and the users the services sign in as", () => {
  assert.equal(get(NATS_VALUES, "config.jetstream.enabled"), true);
  assert.equal(get(NATS_VALUES, "config.jetstream.fileStore.enabled"), true);
  assert.equal(get(NATS_VALUES, "config.jetstream.fileStore.pvc.enabled"), true);
  assert.equal(get(NATS_VALUES, "config.monitor.enabled"), true);
  assert.equal(get(NATS_VALUES, "config.nats.tls.enabled"), true);
  const local = parse(readFileSync(join(DEPLOY_DIR, "nats", "values-local.yaml"), "utf8")) as Obj;
  assert.equal(get(local, "config.cluster.enabled"), false);

  // The services reach the release "nats" in their namespace, over TLS, with the CA of the servers' Secret.
  for (const [overlay, rendered] of Object.entries(RENDERED)) {
    const { deployment, container } = serviceContainer(rendered, "preprocess");
    const env = environment(rendered, container);
    const url = new URL(env.get("DERMANOMALY_NATS_URL")!.value!);
    assert.equal(url.protocol, "tls:", overlay);
    assert.equal(url.hostname, "nats.dermanomaly.svc.cluster.local", overlay);
    assert.equal(Number(url.port), Number(get(NATS_VALUES, "config.nats.port") ?? 4222), overlay);
    const caVolume = ((podSpecOf(deployment)!["volumes"] ?? []) as Obj[]).find(
      (v) => get(v, "secret.secretName") === get(NATS_VALUES, "config.nats.tls.secretName"),
    );
    assert.ok(caVolume, `${overlay}: the servers' CA comes from their own Secret`);
    // The users NATS accepts are the ones the services present, from the same Secret and keys.
    const users = get(NATS_VALUES, "config.merge.authorization.users") as Obj[];
    const serverEnv = get(NATS_VALUES, "container.env") as Record<string, Obj>;
    const userVar = /\$(\w+)/.exec(String(users[0]?.["user"]))?.[1]!;
    const passwordVar = /\$(\w+)/.exec(String(users[0]?.["password"]))?.[1]!;
    assert.deepEqual(
      get(serverEnv[userVar], "valueFrom.secretKeyRef"),
      env.get("DERMANOMALY_NATS_USER")?.secret,
    );
    assert.deepEqual(
      get(serverEnv[passwordVar], "valueFrom.secretKeyRef"),
      env.get("DERMANOMALY_NATS_PASSWORD")?.secret,
    );
  }
});

// --- KEDA ------------------------------------------------------------------------------------------------------------

test("KEDA scales the reconstructor on the lag of the work queue its code declares, and the scorer on CPU", async () => {
  const queue = await reconstructorWorkQueue();
  for (const overlay of ["cluster", "gpu"]) {
    const rendered = RENDERED[overlay]!;
    const reconstructor = find(rendered, "ScaledObject", "reconstructor");
    assert.equal(get(reconstructor, "spec.scaleTargetRef.name"), "reconstructor");
    assert.ok(
      Number(get(reconstructor, "spec.minReplicaCount")) >= 1,
      "a replica stays for StartReconstruction",
    );
    const [trigger] = get(reconstructor, "spec.triggers") as Obj[];
    assert.equal(trigger?.["type"], "nats-jetstream");
    const meta = trigger?.["metadata"] as Record<string, string>;
    assert.equal(meta["stream"], queue.stream, overlay);
    assert.equal(meta["consumer"], queue.durable, overlay);
    assert.equal(meta["account"], "$G", "users of the authorization block are in the global account");
    // The headless Service lets KEDA ask the consumer's leader (<pod>.nats-headless...), on the monitoring port.
    const [host, port] = meta["natsServerMonitoringEndpoint"]!.split(":");
    assert.equal(host, "nats-headless.dermanomaly.svc.cluster.local");
    assert.equal(Number(port), Number(get(NATS_VALUES, "config.monitor.port") ?? 8222));
    assert.ok(Number(meta["lagThreshold"]) > 0);

    const scorer = find(rendered, "ScaledObject", "scorer");
    assert.equal(get(scorer, "spec.scaleTargetRef.name"), "scorer");
    const [cpu] = get(scorer, "spec.triggers") as Obj[];
    assert.deepEqual([cpu?.["type"], cpu?.["metricType"]], ["cpu", "Utilization"]);
    assert.ok(
      get(serviceContainer(rendered, "scorer").container, "resources.requests.cpu"),
      "CPU scaling needs requests",
    );

    // KEDA owns the replica count of what it scales.
    for (const name of ["reconstructor", "scorer"]) {
      assert.equal(get(find(rendered, "Deployment", name), "spec.replicas"), undefined, `${overlay}/${name}`);
    }
  }
  assert.equal(
    RENDERED["local"]!.some((r) => r.kind === "ScaledObject"),
    false,
    "one node: no KEDA needed",
  );
});

// --- network policies ------------------------------------------------------------------------------------------------

function matches(selector: Obj | undefined, labels: Record<string, string>): boolean {
  if (selector === undefined) return false;
  const wanted = (selector["matchLabels"] ?? {}) as Record<string, string>;
  return Object.entries(wanted).every(([k, v]) => labels[k] === v);
}

const podLabels = (name: string): Record<string, string> => ({
  "app.kubernetes.io/name": name,
  "app.kubernetes.io/part-of": "dermanomaly",
});
const NATS_LABELS = { "app.kubernetes.io/name": "nats", "app.kubernetes.io/component": "nats" };
const CLIENT_LABELS = { "dermanomaly.io/client": "true" };

/** Whether the policies let a pod with `from` labels (in the namespace, or any for clients) reach `to` on `port`. */
function allowed(
  policies: Resource[],
  from: Record<string, string>,
  to: Record<string, string>,
  port: number,
): boolean {
  const selecting = (labels: Record<string, string>, type: string) =>
    policies.filter(
      (p) =>
        matches(get(p, "spec.podSelector") as Obj, labels) &&
        (get(p, "spec.policyTypes") as string[]).includes(type),
    );
  const portOk = (rule: Obj) => ((rule["ports"] ?? []) as Obj[]).some((p) => p["port"] === port);
  const ingress = selecting(to, "Ingress").some((p) =>
    ((get(p, "spec.ingress") ?? []) as Obj[]).some(
      (rule) =>
        portOk(rule) &&
        ((rule["from"] ?? []) as Obj[]).some((peer) => matches(peer["podSelector"] as Obj, from)),
    ),
  );
  const egressPolicies = selecting(from, "Egress");
  const egress =
    egressPolicies.length === 0 ||
    egressPolicies.some((p) =>
      ((get(p, "spec.egress") ?? []) as Obj[]).some(
        (rule) =>
          portOk(rule) &&
          ((rule["to"] ?? []) as Obj[]).some((peer) => matches(peer["podSelector"] as Obj, to)),
      ),
    );
  return ingress && egress;
}

test("network policies: closed by default, every pod reaches DNS and NATS, a stage is reached only by its callers (from the code), the orchestrator and clients", () => {
  const graph = callGraph();
  // The code's calls: the orchestrator calls every stage, the scorer the reconstructor (its online path).
  assert.ok(graph.get("scorer")?.has("reconstructor"), "the scorer's online path calls the reconstructor");
  assert.equal(graph.get("orchestrator")?.size, SERVICE_NAMES.length - 1);
  for (const [overlay, rendered] of Object.entries(RENDERED)) {
    const policies = rendered.filter((r) => r.kind === "NetworkPolicy");
    const denyAll = policies.find(
      (p) =>
        matches(get(p, "spec.podSelector") as Obj, podLabels("any")) &&
        get(p, "spec.ingress") === undefined &&
        get(p, "spec.egress") === undefined,
    );
    assert.deepEqual(get(denyAll, "spec.policyTypes"), ["Ingress", "Egress"], `${overlay}: default deny`);
    const dns = policies.some(
      (p) =>
        matches(get(p, "spec.podSelector") as Obj, podLabels("any")) &&
        ((get(p, "spec.egress") ?? []) as Obj[]).some(
          (rule) =>
            ((rule["to"] ?? []) as Obj[]).some((peer) =>
              matches(peer["podSelector"] as Obj, { "k8s-app": "kube-dns" }),
            ) && ((rule["ports"] ?? []) as Obj[]).some((p) => p["port"] === 53 && p["protocol"] === "UDP"),
        ),
    );
    assert.ok(dns, `${overlay}: every pod reaches DNS`);
    for (const target of SERVICE_NAMES) {
      const port = SERVICES[target].port;
      for (const caller of SERVICE_NAMES) {
        const expected = graph.get(caller)!.has(target);
        assert.equal(
          allowed(policies, podLabels(caller), podLabels(target), port),
          expected,
          `${overlay}: ${caller} -> ${target}:${port} should be ${expected ? "open" : "closed"}`,
        );
      }
      assert.ok(
        allowed(policies, CLIENT_LABELS, podLabels(target), port),
        `${overlay}: clients -> ${target}`,
      );
      assert.ok(
        !allowed(policies, { app: "other" }, podLabels(target), port),
        `${overlay}: strangers -> ${target}`,
      );
      assert.ok(allowed(policies, podLabels(target), NATS_LABELS, 4222), `${overlay}: ${target} -> NATS`);
    }
    // The NATS servers talk to each other, KEDA reads their monitoring port.
    assert.ok(allowed(policies, NATS_LABELS, NATS_LABELS, 6222), overlay);
    assert.ok(allowed(policies, CLIENT_LABELS, NATS_LABELS, 4222), overlay);
  }
});
