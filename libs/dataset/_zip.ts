import yauzl from "yauzl";

/** A zip opened for random reads of its entries by name. */
export interface ZipReader {
  /** File entry names (folders left out), in archive order. */
  readonly names: readonly string[];
  /** Reads one entry whole. */
  read(name: string): Promise<Buffer>;
  /** Closes the file descriptor. */
  close(): void;
}

/** Opens a zip and lists its file entries. */
export async function openZip(path: string): Promise<ZipReader> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (err, z) => (err ? reject(err) : resolve(z))),
  );
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (entry: yauzl.Entry) => {
      if (!entry.fileName.endsWith("/")) entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.once("end", () => resolve());
    zip.once("error", reject);
    zip.readEntry();
  });
  return {
    names: [...entries.keys()],
    async read(name) {
      const entry = entries.get(name);
      if (entry === undefined) throw new Error(`No entry '${name}' in zip '${path}'`);
      const stream = await zip.openReadStreamPromise(entry);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    close() {
      zip.close();
    },
  };
}
