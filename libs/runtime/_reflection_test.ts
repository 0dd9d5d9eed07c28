import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { loadPackageDefinition } from "@dermanomaly/contracts";
import * as grpc from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { addLazyReflection } from "./_reflection.ts";

type ListReply = { list_services_response?: { service: { name: string }[] } };

/** Asks `address` for its services through reflection `version`, with a client built from the package's proto. */
async function listServices(address: string, version: "v1" | "v1alpha"): Promise<string[]> {
  const proto = join(
    dirname(createRequire(import.meta.url).resolve("@grpc/reflection")),
    `../proto/grpc/reflection/${version}/reflection.proto`,
  );
  const Reflection = grpc.makeGenericClientConstructor(
    loadSync(proto, { keepCase: true })[
      `grpc.reflection.${version}.ServerReflection`
    ] as grpc.ServiceDefinition,
    "ServerReflection",
  );
  const client = new Reflection(address, grpc.credentials.createInsecure()) as unknown as {
    ServerReflectionInfo(): grpc.ClientDuplexStream<unknown, ListReply>;
    close(): void;
  };
  try {
    const call = client.ServerReflectionInfo();
    const reply = new Promise<string[]>((resolve, reject) => {
      call.once("data", (res: ListReply) =>
        resolve(res.list_services_response?.service.map((s) => s.name) ?? []),
      );
      call.once("error", reject);
    });
    call.write({ list_services: "" });
    const names = await reply;
    call.end();
    return names;
  } finally {
    client.close();
  }
}

test("addLazyReflection() serves v1 and v1alpha reflection of every contract, built on the first call", async () => {
  const server = new grpc.Server();
  addLazyReflection(server, loadPackageDefinition());
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  try {
    for (const version of ["v1", "v1alpha"] as const) {
      const names = await listServices(`127.0.0.1:${port}`, version);
      assert.ok(names.includes("dermanomaly.v1.PreprocessService"), `${version} listed: ${names.join(", ")}`);
    }
  } finally {
    server.forceShutdown();
  }
});
