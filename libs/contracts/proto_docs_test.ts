import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import protobuf from "protobufjs";
import { PROTO_DIR, PROTO_FILES } from "./loader_options.ts";

// Comments are contracts here: parse every file with `//` comments kept and list what lacks one.
function undocumented(file: string): string[] {
  const source = readFileSync(join(PROTO_DIR, file), "utf8");
  const { root } = protobuf.parse(source, { alternateCommentMode: true, keepCase: true });
  const missing: string[] = [];
  const has = (comment: string | null | undefined) => typeof comment === "string" && comment.trim() !== "";
  const visit = (ns: protobuf.NamespaceBase) => {
    for (const node of ns.nestedArray) {
      if (node instanceof protobuf.Type) {
        if (!has(node.comment)) missing.push(node.fullName);
        for (const field of node.fieldsArray)
          if (!has(field.comment)) missing.push(`${node.fullName}.${field.name}`);
        visit(node);
      } else if (node instanceof protobuf.Enum) {
        if (!has(node.comment)) missing.push(node.fullName);
        for (const name of Object.keys(node.values)) {
          // Zero values named *_UNSPECIFIED are self-explanatory sentinels.
          if (!has(node.comments[name]) && !name.endsWith("_UNSPECIFIED"))
            missing.push(`${node.fullName}.${name}`);
        }
      } else if (node instanceof protobuf.Service) {
        if (!has(node.comment)) missing.push(node.fullName);
        for (const method of node.methodsArray)
          if (!has(method.comment)) missing.push(`${node.fullName}.${method.name}`);
      } else if (node instanceof protobuf.Namespace) {
        visit(node);
      }
    }
  };
  visit(root);
  return missing;
}

test("every message, field, enum value, service and method of every contract file has a comment", () => {
  assert.ok(PROTO_FILES.length >= 9);
  for (const file of PROTO_FILES) assert.deepEqual(undocumented(file), [], file);
});

test("every Start* request has a request_id idempotency key as field 1", () => {
  const started: string[] = [];
  for (const file of PROTO_FILES) {
    const { root } = protobuf.parse(readFileSync(join(PROTO_DIR, file), "utf8"), { keepCase: true });
    for (const service of (root.lookup("dermanomaly.v1") as protobuf.Namespace).nestedArray) {
      if (!(service instanceof protobuf.Service)) continue;
      for (const method of service.methodsArray.filter((m) => m.name.startsWith("Start"))) {
        const request = root.lookupType(method.requestType);
        assert.equal(request.fieldsById[1]?.name, "request_id", `${service.name}.${method.name}`);
        assert.equal(request.fieldsById[1]?.type, "string");
        started.push(`${service.name}.${method.name}`);
      }
    }
  }
  assert.equal(started.length, 8);
});
