import { connect as tcpConnect } from "node:net";
import { connect as tlsConnect } from "node:tls";
import type { TlsOptions } from "@nats-io/transport-node";

/**
 * Why a TLS connection to a NATS server fails, found by doing the handshake by hand: the NATS client reports a
 * refused client certificate only as a connection timeout, while the server's alert says what is wrong. Resolves
 * to the TLS error's message, or undefined when the handshake and a PING went through (or nothing answered).
 */
export async function natsTlsProblem(
  server: string,
  tls: TlsOptions,
  timeoutMs = 3000,
): Promise<string | undefined> {
  const url = new URL(server.includes("://") ? server : `nats://${server}`);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const port = Number(url.port || 4222);
  const socket = tcpConnect({ host, port });
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<string | undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
      socket.once("error", () => resolve(undefined));
      // The server speaks first, in plaintext (INFO); the client then upgrades the same socket.
      socket.once("data", () => {
        const secure = tlsConnect({
          socket,
          ...(tls.ca !== undefined && { ca: tls.ca }),
          ...(tls.cert !== undefined && { cert: tls.cert }),
          ...(tls.key !== undefined && { key: tls.key }),
          ...(/^[\d.:]+$/.test(host) ? {} : { servername: host }),
        });
        secure.once("error", (err) => resolve(err.message));
        secure.once("secureConnect", () => {
          // TLS 1.3 servers refuse a client certificate after the client's side of the handshake: write, then listen.
          secure.write("PING\r\n");
          secure.once("data", () => resolve(undefined));
        });
      });
    });
  } finally {
    clearTimeout(timer);
    socket.destroy();
  }
}
