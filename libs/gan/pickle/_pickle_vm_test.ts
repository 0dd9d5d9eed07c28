import assert from "node:assert/strict";
import { test } from "node:test";
import { isStatusError } from "@dermanomaly/contracts";
import { halfToFloat } from "../safetensors.ts";
import { decodeLong, type PickleHooks, PyCallable, pickledDictAttributes, runPickle } from "./_pickle_vm.ts";

const refuseAll: PickleHooks = {
  findClass(module, name) {
    throw new Error(`refused ${module}.${name}`);
  },
};
const run = (hex: string, hooks = refuseAll) =>
  runPickle(Buffer.from(hex.replace(/\s/g, ""), "hex"), 0, hooks).value;

function assertMalformed(hex: string, message: RegExp): void {
  assert.throws(
    () => run(hex),
    (err: unknown) => isStatusError(err) && message.test(err.message),
  );
}

test("runPickle() reads LONG1 as signed and wider than 8 bytes", () => {
  // LONG1 -1 (Python itself would use BININT), pickle.dumps(-2**40, 2), pickle.dumps(2**63, 2), torch's magic
  assert.equal(run("8002 8a01ff 2e"), -1);
  assert.equal(run("8002 8a06 0000000000ff 2e"), -(2 ** 40));
  assert.equal(run("8002 8a09 000000000000008000 2e"), 2n ** 63n);
  assert.equal(run("8002 8a0a 6cfc9c46f9206aa85019 2e"), 0x1950a86a20f9469cfc6cn);
  assert.equal(decodeLong(Uint8Array.of(0x00, 0x80)), -32768);
  assert.equal(decodeLong(Uint8Array.of(0x00, 0x80, 0x00)), 32768);
});

test("runPickle() builds tuples, lists, dicts and sets like pickle.loads", () => {
  // pickle.dumps({'a': (1, [2.5, None]), 'b': {True}}, 4)
  const value = run(
    "80049524000000000000007d94288c0161944b015d94284740040000000000004e6586948c0162948f94288890752e",
  );
  assert.deepEqual(
    value,
    new Map<unknown, unknown>([
      ["a", [1, [2.5, null]]],
      ["b", new Set([true])],
    ]),
  );
});

test("runPickle() calls only the callables its hooks hand out", () => {
  const hooks: PickleHooks = {
    findClass: (module, name) => new PyCallable(`${module}.${name}`, (args) => ({ called: args })),
  };
  // GLOBAL 'm f' ; (7,) ; REDUCE
  assert.deepEqual(run("8002 63 6d0a660a 4b07 85 52 2e", hooks), { called: [7] });
  // REDUCE on something that is not a callable (a string)
  assertMalformed("8004 8c0178 4b07 85 52 2e", /REDUCE target is not a callable/);
  assert.throws(() => run("8002 63 6f730a73797374656d0a 2e"), /refused os\.system/);
});

test("runPickle() fails cleanly on broken streams", () => {
  assertMalformed("8004 30 2e", /stack underflow/);
  assertMalformed("8004 74 2e", /no MARK on the stack/);
  assertMalformed("8004 4b01 4b02 2e", /STOP with an unbalanced stack/);
  assertMalformed("8004 68 05 2e", /memo key "5" is not defined/);
  assertMalformed("8004 ff 2e", /unsupported opcode "0xff"/);
  assertMalformed("8006 2e", /unsupported pickle protocol "6"/);
  // BINBYTES claiming 4 GiB, BINSTRING with a negative length (a stream that could loop back on itself)
  assert.throws(
    () => run("8003 42 ffffffff 2e"),
    /^StatusError: Pickle is truncated at byte 8: BINBYTES at byte 2/,
  );
  assertMalformed("8002 54 fbffffff 2e", /BINSTRING has an invalid length "-5"/);
  assert.throws(() => run("8004 4b01"), /Pickle is truncated at byte 4: Pickle ends before its STOP opcode/);
});

test("halfToFloat() decodes IEEE binary16 exactly", () => {
  assert.equal(halfToFloat(0x3c00), 1);
  assert.equal(halfToFloat(0xc000), -2);
  assert.equal(halfToFloat(0x7bff), 65504);
  assert.equal(halfToFloat(0x0001), 2 ** -24);
  assert.equal(halfToFloat(0x03ff), 1023 * 2 ** -24);
  assert.equal(halfToFloat(0x3555), 0.333251953125);
  assert.ok(Object.is(halfToFloat(0x8000), -0));
  assert.equal(halfToFloat(0x7c00), Number.POSITIVE_INFINITY);
  assert.equal(halfToFloat(0xfc00), Number.NEGATIVE_INFINITY);
  assert.ok(Number.isNaN(halfToFloat(0x7e00)));
});

test("runPickle() keeps BUILD's dict state on a dict as its attributes, apart from its items", () => {
  const hooks: PickleHooks = {
    findClass: (module, name) => {
      assert.equal(`${module}.${name}`, "collections.OrderedDict");
      return new PyCallable("collections.OrderedDict", () => new Map());
    },
  };
  // od = OrderedDict(w=1); od._metadata = OrderedDict({"": {"version": 1}}): what torch.save(state_dict()) pickles,
  // at protocols 2 and 4 (pickle.dumps(od, 2).hex(), pickle.dumps(od, 4).hex())
  const pickles = [
    "800263636f6c6c656374696f6e730a4f726465726564446963740a71002952710158010000007771024b01737d710358090000005f6d65" +
      "7461646174617104680029527105580000000071067d7107580700000076657273696f6e71084b01737373622e",
    "80049551000000000000008c0b636f6c6c656374696f6e73948c0b4f726465726564446963749493942952948c0177944b01737d948c09" +
      "5f6d657461646174619468022952948c00947d948c0776657273696f6e944b01737373622e",
  ];
  for (const hex of pickles) {
    const od = run(hex, hooks) as Map<unknown, unknown>;
    assert.deepEqual(od, new Map([["w", 1]]));
    assert.deepEqual(
      pickledDictAttributes(od),
      new Map([["_metadata", new Map([["", new Map([["version", 1]])]])]]),
    );
  }
  // A dict built without state has no attributes; BUILD of a state that is not a dict is still refused.
  assert.equal(pickledDictAttributes(run("8004 7d 4e 62 2e") as Map<unknown, unknown>), undefined);
  assertMalformed("8004 7d 4b01 62 2e", /BUILD on an object that takes no state/);
});
