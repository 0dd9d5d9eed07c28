import type * as grpc from "@grpc/grpc-js";
import type { PackageDefinition } from "@grpc/proto-loader";
import { ReflectionService } from "@grpc/reflection";

type Registered = { definition: grpc.ServiceDefinition; implementation: grpc.UntypedServiceImplementation };

/** The services a reflection service adds to a server, caught instead of served. */
function registered(reflection: ReflectionService): Registered[] {
  const out: Registered[] = [];
  const catcher = {
    addService(definition: grpc.ServiceDefinition, implementation: grpc.UntypedServiceImplementation) {
      out.push({ definition, implementation });
    },
  };
  reflection.addToServer(catcher as unknown as Pick<grpc.Server, "addService">);
  return out;
}

/** A service's name, from the path of its first method (`/grpc.reflection.v1.ServerReflection/...`). */
function serviceOf(definition: grpc.ServiceDefinition): string {
  const path = Object.values(definition)[0]?.path ?? "";
  return path.slice(1, path.lastIndexOf("/"));
}

/**
 * Adds gRPC server reflection (v1 and v1alpha) for `packageDefinition`, built on its first call: building the
 * descriptors of every contract takes about half a second of CPU, on the way to SERVING, for what only tools
 * (grpcurl, Postman) ask. The methods are served from the start; the first call builds the real implementation.
 */
export function addLazyReflection(server: grpc.Server, packageDefinition: PackageDefinition): void {
  let real: Map<string, grpc.UntypedServiceImplementation> | undefined;
  const implementationOf = (service: string): grpc.UntypedServiceImplementation => {
    real ??= new Map(
      registered(new ReflectionService(packageDefinition)).map((r) => [
        serviceOf(r.definition),
        r.implementation,
      ]),
    );
    const implementation = real.get(service);
    if (implementation === undefined) throw new Error(`No reflection implementation of '${service}'`);
    return implementation;
  };
  // The definitions alone come from a reflection service over no contracts, which costs next to nothing.
  for (const { definition } of registered(new ReflectionService({}))) {
    const service = serviceOf(definition);
    const lazy: grpc.UntypedServiceImplementation = {};
    for (const method of Object.keys(definition)) {
      lazy[method] = ((call: unknown, callback: unknown) => {
        const handler = implementationOf(service)[method] as (...args: unknown[]) => void;
        handler(call, callback);
      }) as grpc.UntypedHandleCall;
    }
    server.addService(definition, lazy);
  }
}
