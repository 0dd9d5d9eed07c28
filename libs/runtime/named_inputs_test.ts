import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type ArtifactStore, openArtifactStore } from "@dermanomaly/artifacts";
import { Code, isStatusError, StatusError } from "@dermanomaly/contracts";
import { aboutSource, localFolderInput, localNamedInput } from "./named_inputs.ts";

let dir: string;
let store: ArtifactStore;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "named-inputs-"));
  store = await openArtifactStore({ uri: `file://${join(dir, "store")}` });
  await store.put("runs/a/sheets/izif_a1.xlsx", Buffer.from("xlsx"));
  await store.put("runs/a/set/reconstruction_set.csv", Buffer.from("csv"));
  await store.put("runs/a/set/input_img/NEV/a.png", Buffer.from("png-a"));
  await store.put("runs/a/set/residual/NEV/a.png", Buffer.from("res-a"));
});

after(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const code = (c: Code) => (err: unknown) => isStatusError(err) && err.code === c;

test("localNamedInput() keeps a stored file's name and names its URI as source", async () => {
  const work = join(dir, "work1");
  const got = await localNamedInput(
    { kind: "key", key: "runs/a/sheets/izif_a1.xlsx" },
    { store, workDir: work },
  );
  assert.equal(got.name, "izif_a1.xlsx");
  assert.match(got.path, /\/izif_a1\.xlsx$/);
  assert.equal(await readFile(got.path, "utf8"), "xlsx");
  assert.equal(got.source, store.uriOf("runs/a/sheets/izif_a1.xlsx"));
  assert.match(got.ref.sha256, /^[0-9a-f]{64}$/);
  // An artifact of the store, by its reference, the same.
  const ref = await store.stat("runs/a/sheets/izif_a1.xlsx");
  const again = await localNamedInput({ kind: "artifact", artifact: ref }, { store, workDir: work });
  assert.equal(again.name, "izif_a1.xlsx");
  assert.equal(again.ref.sha256, ref.sha256);
  // A local path is used in place.
  const local = join(dir, "mine.csv");
  await writeFile(local, "x");
  assert.equal((await localNamedInput({ kind: "path", path: local }, { store, workDir: work })).path, local);
  await assert.rejects(
    localNamedInput({ kind: "key", key: "runs/a/none.xlsx" }, { store, workDir: work }),
    code(Code.NOT_FOUND),
  );
  await assert.rejects(
    localNamedInput(null, { store, workDir: work, field: "scores" }),
    /scores is required/,
  );
  await assert.rejects(localNamedInput({ kind: "path", path: dir }, { store, workDir: work }), /is a folder/);
});

test("localFolderInput() fetches a key prefix, or the folder of an artifact, with the files the filter keeps", async () => {
  const work = join(dir, "work2");
  const byKey = await localFolderInput(
    { kind: "key", key: "runs/a/set" },
    { store, workDir: work, filter: (p) => !p.startsWith("residual/") },
  );
  assert.deepEqual([...byKey.files.keys()], ["input_img/NEV/a.png", "reconstruction_set.csv"]);
  assert.equal(await readFile(join(byKey.path, "input_img/NEV/a.png"), "utf8"), "png-a");
  assert.equal(byKey.source, `${store.uriOf("runs/a/set")}/`);
  const ref = await store.stat("runs/a/set/reconstruction_set.csv");
  const byArtifact = await localFolderInput({ kind: "artifact", artifact: ref }, { store, workDir: work });
  assert.equal(byArtifact.files.size, 3);
  assert.equal(await readFile(join(byArtifact.path, "residual/NEV/a.png"), "utf8"), "res-a");
  const folder = join(dir, "folder");
  await mkdir(folder, { recursive: true });
  assert.equal(
    (await localFolderInput({ kind: "path", path: folder }, { store, workDir: work })).path,
    folder,
  );
  await assert.rejects(
    localFolderInput({ kind: "key", key: "runs/none/" }, { store, workDir: work, field: "reconstruction" }),
    (e) => code(Code.NOT_FOUND)(e) && /reconstruction: nothing is stored under/.test((e as Error).message),
  );
  await assert.rejects(
    localFolderInput({ kind: "path", path: join(dir, "mine.csv") }, { store, workDir: work }),
    /is a file, not a folder/,
  );
});

test("aboutSource() names the source instead of the local copy in a status error", () => {
  const input = { path: "/tmp/work/named/1/izif.csv", source: "nats-obj://a/runs/izif.csv" };
  const err = aboutSource(
    new StatusError(Code.INVALID_ARGUMENT, "Score sheet '/tmp/work/named/1/izif.csv', row 3: bad"),
    input,
  );
  assert.ok(isStatusError(err) && err.code === Code.INVALID_ARGUMENT);
  assert.equal((err as Error).message, "Score sheet 'nats-obj://a/runs/izif.csv', row 3: bad");
  const other = new Error("/tmp/work/named/1/izif.csv");
  assert.equal(aboutSource(other, input), other);
});
