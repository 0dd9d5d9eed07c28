/** Whether a NATS KV write was refused because the key's revision is not the one expected (someone wrote first). */
export function isWrongSequence(err: unknown): boolean {
  return /wrong last sequence/i.test((err as Error)?.message ?? "");
}
