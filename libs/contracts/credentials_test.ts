import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { CLIENT_TLS_ENV, clientTls, explainTlsFailure, readPemFile, readSettingFile } from "./credentials.ts";
import { Code, isStatusError } from "./errors.ts";

test("clientTls() is plaintext with no TLS setting, for local use on loopback", () => {
  const tls = clientTls({ env: {} });
  assert.deepEqual([tls.secure, tls.mutual, tls.channelOptions], [false, false, {}]);
});

test("clientTls() names the setting that is missing or half set", () => {
  const codeAndMessage = (env: Record<string, string>) => {
    try {
      clientTls({ env });
    } catch (err) {
      assert.ok(isStatusError(err));
      return `${err.code} ${err.message}`;
    }
    assert.fail("expected a StatusError");
  };
  assert.match(
    codeAndMessage({ [CLIENT_TLS_ENV.cert]: "/c.crt" }),
    /^3 DERMANOMALY_GRPC_TLS_CLIENT_CERT is set but DERMANOMALY_GRPC_TLS_CLIENT_KEY is not/,
  );
  assert.match(
    codeAndMessage({ [CLIENT_TLS_ENV.cert]: "/c.crt", [CLIENT_TLS_ENV.key]: "/c.key" }),
    /DERMANOMALY_GRPC_TLS_CLIENT_CERT is set but DERMANOMALY_GRPC_TLS_CA is not/,
  );
  assert.match(
    codeAndMessage({ [CLIENT_TLS_ENV.ca]: "/no/such/ca.crt" }),
    new RegExp(`^${Code.NOT_FOUND} DERMANOMALY_GRPC_TLS_CA "/no/such/ca.crt" does not exist`),
  );
});

test("readPemFile() and readSettingFile() refuse a folder, an empty file and a file of the wrong kind", () => {
  const dir = mkdtempSync(join(tmpdir(), "dermanomaly-pem-"));
  try {
    const empty = join(dir, "empty.pem");
    writeFileSync(empty, "");
    const text = join(dir, "text.pem");
    writeFileSync(text, "hello\n");
    const cases: [() => unknown, RegExp][] = [
      [() => readSettingFile({ setting: "X_FILE", path: dir }), /^X_FILE ".*" is a folder/],
      [() => readSettingFile({ setting: "X_FILE", path: empty }), /^X_FILE ".*empty.pem" is empty$/],
      [
        () => readPemFile({ setting: "X_CERT", path: text }, "certificate"),
        /^X_CERT ".*" holds no PEM certificate/,
      ],
      [
        () => readPemFile({ setting: "X_KEY", path: text }, "private key"),
        /^X_KEY ".*" holds no PEM private key/,
      ],
    ];
    for (const [fn, message] of cases) {
      assert.throws(
        fn,
        (err: Error) => isStatusError(err) && err.code === Code.INVALID_ARGUMENT && message.test(err.message),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("explainTlsFailure() turns OpenSSL's and Node's words into what to do, and leaves other failures alone", () => {
  const cases: [string, RegExp | undefined, boolean?][] = [
    [
      "SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:SSL alert number 116",
      /requires a client certificate/,
    ],
    [
      "SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca:SSL alert number 48",
      /refused the client certificate/,
    ],
    [
      "Error: self-signed certificate in certificate chain",
      /not signed by the CA in DERMANOMALY_GRPC_TLS_CA/,
    ],
    ["Error: unable to get local issuer certificate", /not signed by the CA in DERMANOMALY_GRPC_TLS_CA/],
    [
      "Hostname/IP does not match certificate's altnames: Host: x. is not in the cert's altnames",
      /DERMANOMALY_GRPC_TLS_SERVER_NAME/,
    ],
    ["SSL routines:ssl3_get_record:wrong version number", /does not speak TLS/],
    ["No connection established. Last error: Failed to connect", undefined],
    ["No connection established. Last error: Failed to connect", /refuses the client certificate/, true],
    ["connect ECONNREFUSED 127.0.0.1:50051", undefined, true],
  ];
  for (const [details, expected, mutual] of cases) {
    const why = explainTlsFailure(details, { mutual: mutual ?? false });
    if (expected === undefined) assert.equal(why, undefined, details);
    else assert.match(why ?? "", expected, details);
  }
});
