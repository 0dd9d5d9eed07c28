import protobuf from "protobufjs";
import { PROTO_DIR, PROTO_FILES } from "./loader_options.ts";

let root: protobuf.Root | undefined;

/** The protobufjs root of every contract, loaded once. */
export function protoRoot(): protobuf.Root {
  if (root === undefined) {
    const r = new protobuf.Root();
    r.resolvePath = (_origin, target) => {
      // google/protobuf/* come with protobufjs; everything else resolves under proto/.
      return target.startsWith("google/protobuf/") ? target : `${PROTO_DIR}/${target}`;
    };
    r.loadSync(PROTO_FILES, { keepCase: false });
    r.resolveAll();
    root = r;
  }
  return root;
}

/** Binary encoder/decoder of one message type, using the same JavaScript shape as the gRPC stubs. */
export interface MessageCodec<In, Out> {
  /** Fully qualified type name, e.g. `dermanomaly.v1.Progress`. */
  readonly typeName: string;
  /** Serialises a message (enum names or numbers, 64-bit integers as numbers or strings). */
  encode(message: In): Uint8Array;
  /** Parses bytes into a message with defaults filled in, enums as names and 64-bit integers as numbers. */
  decode(bytes: Uint8Array): Out;
}

/**
 * A codec for a contract message, e.g. for event payloads on NATS.
 *
 * @example
 * ```ts
 * import type { Progress, Progress__Output } from "@dermanomaly/contracts";
 * const codec = messageCodec<Progress, Progress__Output>("dermanomaly.v1.Progress");
 * const back = codec.decode(codec.encode({ state: "JOB_STATE_RUNNING", done: 3 }));
 * ```
 */
export function messageCodec<In, Out>(typeName: string): MessageCodec<In, Out> {
  const type = protoRoot().lookupType(typeName);
  return {
    typeName,
    encode(message: In): Uint8Array {
      return type.encode(type.fromObject(message as Record<string, unknown>)).finish();
    },
    decode(bytes: Uint8Array): Out {
      return type.toObject(type.decode(bytes), {
        longs: Number,
        enums: String,
        defaults: true,
        oneofs: true,
      }) as Out;
    },
  };
}
