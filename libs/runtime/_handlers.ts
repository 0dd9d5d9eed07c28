import { once } from "node:events";
import { Code, isStatusError, StatusError } from "@dermanomaly/contracts";
import type * as grpc from "@grpc/grpc-js";
import type { MethodDefinition } from "@grpc/proto-loader";
import type { ServiceMetrics } from "./metrics.ts";
import type {
  BidiStreamingHandler,
  CallContext,
  ClientStreamingHandler,
  Handler,
  Logger,
  ServerStreamingHandler,
  UnaryHandler,
} from "./types.ts";

const CODE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(Code).map(([k, v]) => [v, k]));

/** How early before the deadline a client's cancellation still counts as the deadline passing. */
const DEADLINE_SLACK_MS = 100;

/** Calls in progress, so a forced shutdown can abort their signals. */
export type InFlight = Set<AbortController>;

/** What {@linkcode wrapHandler} needs besides the handler. */
export interface WrapContext {
  /** Fully qualified service name, e.g. `dermanomaly.v1.PreprocessService`. */
  serviceName: string;
  /** Method name as in the proto. */
  method: string;
  definition: MethodDefinition<unknown, unknown>;
  log: Logger;
  metrics: ServiceMetrics;
  inFlight: InFlight;
}

interface Status {
  code: number;
  details: string;
}

type AnyCall = grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerReadableStream<unknown, unknown>;

/**
 * Adapts an async handler to grpc-js: an AbortSignal that follows cancellation and the deadline, errors to statuses
 * (StatusError keeps its code; anything else is INTERNAL and logged with its stack), per-call metrics and logs.
 */
export function wrapHandler(handler: Handler<unknown, unknown>, wc: WrapContext): grpc.UntypedHandleCall {
  const { requestStream, responseStream } = wc.definition;
  const log = wc.log.child({ method: wc.method });

  const begin = (call: AnyCall) => {
    const started = process.hrtime.bigint();
    const controller = new AbortController();
    wc.inFlight.add(controller);
    let ended = false;
    const abort = (code: number, message: string) => {
      if (!ended && !controller.signal.aborted) controller.abort(new StatusError(code as Code, message));
    };
    // grpc-js answers DEADLINE_EXCEEDED by itself but does not tell the handler, so the runtime keeps its own timer.
    const raw = call.getDeadline();
    const deadlineMs = raw instanceof Date ? raw.getTime() : raw;
    call.on("cancelled", () => {
      // A client gives up at its own deadline, which can come a little before the server's copy of it.
      if (Date.now() >= deadlineMs - DEADLINE_SLACK_MS) abort(Code.DEADLINE_EXCEEDED, "Deadline exceeded");
      else abort(Code.CANCELLED, "The call was cancelled by the client");
    });
    let timer: NodeJS.Timeout | undefined;
    if (Number.isFinite(deadlineMs)) {
      const left = deadlineMs - Date.now();
      if (left <= 0) abort(Code.DEADLINE_EXCEEDED, "Deadline exceeded");
      else timer = setTimeout(() => abort(Code.DEADLINE_EXCEEDED, "Deadline exceeded"), left);
    }
    const ctx: CallContext = {
      signal: controller.signal,
      metadata: call.metadata,
      deadline: Number.isFinite(deadlineMs) ? new Date(deadlineMs) : undefined,
      method: wc.method,
      peer: call.getPeer(),
      log,
    };
    const end = (status: Status): Status => {
      if (!ended) {
        ended = true;
        clearTimeout(timer);
        wc.inFlight.delete(controller);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const codeName = CODE_NAMES[status.code] ?? String(status.code);
        wc.metrics.handled.inc({ grpc_service: wc.serviceName, grpc_method: wc.method, grpc_code: codeName });
        wc.metrics.handling.observe({ grpc_service: wc.serviceName, grpc_method: wc.method }, seconds);
        log.debug("Call finished", { code: codeName, ms: Math.round(seconds * 1e4) / 10 });
      }
      return status;
    };
    return { ctx, end };
  };

  const toStatus = (err: unknown, signal: AbortSignal): Status => {
    // Once the signal fired, whatever the handler threw (often an AbortError) is a consequence of the abort.
    if (signal.aborted && isStatusError(signal.reason) && !isStatusError(err)) {
      return { code: signal.reason.code, details: signal.reason.message };
    }
    if (isStatusError(err)) return { code: err.code, details: err.message };
    log.error("Handler failed", { err });
    const message = err instanceof Error ? err.message : String(err);
    return { code: Code.INTERNAL, details: `Internal error in ${wc.method}: ${message}` };
  };

  const abortedStatus = (signal: AbortSignal): Status | undefined =>
    signal.aborted && isStatusError(signal.reason)
      ? { code: signal.reason.code, details: signal.reason.message }
      : undefined;

  if (!responseStream) {
    return (call: AnyCall, callback: grpc.sendUnaryData<unknown>) => {
      const { ctx, end } = begin(call);
      const run = requestStream
        ? () =>
            (handler as ClientStreamingHandler<unknown, unknown>)(
              call as grpc.ServerReadableStream<unknown, unknown>,
              ctx,
            )
        : () =>
            (handler as UnaryHandler<unknown, unknown>)(
              (call as grpc.ServerUnaryCall<unknown, unknown>).request,
              ctx,
            );
      Promise.resolve()
        .then(run)
        .then(
          (response) => {
            const aborted = abortedStatus(ctx.signal);
            if (aborted) callback(end(aborted));
            else {
              end({ code: Code.OK, details: "OK" });
              callback(null, response);
            }
          },
          (err: unknown) => callback(end(toStatus(err, ctx.signal))),
        );
    };
  }

  return async (
    call: grpc.ServerWritableStream<unknown, unknown> | grpc.ServerDuplexStream<unknown, unknown>,
  ) => {
    const { ctx, end } = begin(call);
    try {
      const responses = requestStream
        ? (handler as BidiStreamingHandler<unknown, unknown>)(
            readRequests(call as grpc.ServerDuplexStream<unknown, unknown>),
            ctx,
          )
        : (handler as ServerStreamingHandler<unknown, unknown>)(
            (call as grpc.ServerWritableStream<unknown, unknown>).request,
            ctx,
          );
      for await (const message of responses) {
        if (ctx.signal.aborted) break;
        if (!call.write(message)) {
          // Respect backpressure, but give up waiting when the call goes away.
          await once(call, "drain", { signal: ctx.signal }).catch(() => undefined);
        }
      }
      const aborted = abortedStatus(ctx.signal);
      if (aborted) call.emit("error", end(aborted));
      else {
        end({ code: Code.OK, details: "OK" });
        call.end();
      }
    } catch (err) {
      call.emit("error", end(toStatus(err, ctx.signal)));
    }
  };
}

/**
 * The requests of a bidirectional call. A Node stream's own async iterator destroys the stream when the requests
 * end, and with it the call's writable side: the answers still to come would be lost. This one leaves it open.
 */
function readRequests(call: grpc.ServerDuplexStream<unknown, unknown>): AsyncIterable<unknown> {
  return { [Symbol.asyncIterator]: () => call.iterator({ destroyOnReturn: false }) };
}
