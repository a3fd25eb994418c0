/**
 * A long ASCII body's text as a string that lives outside the JavaScript heap, where the runtime
 * can make one (Node 20.16+, Node 22, Node 24; elsewhere undefined, and the body is decoded as
 * any other). Node keeps a Latin-1 string of about 1 MB or more in memory of its own (an
 * "external" string); a decoded text, and the chunks' texts it was joined from, are young heap
 * objects, twice the body in all. With them, a young-generation collection fell inside 21 of 40
 * timed 10,000-model refreshes (bench section 5's plain body), 16 of 40 without them, and a
 * 10,000-model list took 1.9× a bare parse instead of 2.1× (12 fresh processes, median of
 * their medians). Model lists are ASCII as a rule (names and ids; a
 * non-ASCII name is sent as a `\u` escape by most servers), and ASCII bytes read as Latin-1 are
 * the text UTF-8 decoding gives: no BOM or malformed sequence can occur in them.
 */

/** Below this, Node makes a Latin-1 string on the heap anyway (its `EXTERN_APEX` is 1,031,913 bytes). */
export const MIN_EXTERNAL_BYTES = 1024 * 1024;

interface BufferModule {
  isAscii(bytes: Uint8Array): boolean;
  Buffer: { allocUnsafe(size: number): Latin1Buffer };
}

let buffers: BufferModule | null | undefined;

/** `node:buffer`, if the runtime hands it over without an import (which would tie this module to Node). */
function bufferModule(): BufferModule | null {
  if (buffers === undefined) {
    const runtime = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process;
    const found = typeof runtime?.getBuiltinModule === 'function' ? (runtime.getBuiltinModule('buffer') as Partial<BufferModule> | undefined) : undefined;
    buffers = typeof found?.isAscii === 'function' && typeof found.Buffer?.allocUnsafe === 'function' ? (found as BufferModule) : null;
  }
  return buffers;
}

/** A buffer whose text Node reads as Latin-1. */
export type Latin1Buffer = Uint8Array & { toString(encoding: 'latin1'): string };

/**
 * A buffer of `length` bytes to join the chunks into, when every byte is ASCII and the runtime can
 * keep their text off the heap (`joined.toString('latin1')`), else undefined. Node takes it from
 * its own allocator (not zeroed, and reused from one body to the next, so not faulted in afresh).
 */
export function asciiJoinBuffer(chunks: readonly Uint8Array[], length: number): Latin1Buffer | undefined {
  const node = length >= MIN_EXTERNAL_BYTES ? bufferModule() : null;
  if (!node) return undefined;
  for (let index = 0; index < chunks.length; index += 1) if (!node.isAscii(chunks[index]!)) return undefined;
  return node.Buffer.allocUnsafe(length);
}
