import { asciiJoinBuffer } from './ascii-text.js';

/**
 * A byte stream's text as UTF-8, the same text a streaming `TextDecoder` gives (BOM stripped,
 * malformed bytes as U+FFFD), made by one whole `decode()` of the bytes once they have all come:
 *
 * - not `TextDecoder`'s streaming mode: on Node 20 that decodes through ICU into an off-heap
 *   two-byte string, twice the size of an ASCII body and slower to make and to parse;
 * - not one `decode()` per chunk joined into a rope: each chunk's text (64 KiB from a socket) is a
 *   young object that survives, so the collector copies it, promotes it and grows the young
 *   generation to its largest while doing so, and the rope is then flattened into a copy anyway.
 *   Measured with bench section 6 (an 11 MB body), that peaked at 4.4-5.2× the body; the bytes
 *   kept off the heap and decoded once into one flat string (allocated straight into the large
 *   object space) peaked at 3.6-4.0×.
 *
 * At most two copies of the body are held at once: the chunks and their join, then the join and
 * the text. Chunks are kept as the stream hands them over (a reader owns what it reads).
 *
 * Shorter bodies are the exception, by length once all have come:
 * - up to MAX_KEPT (a page of a list): joined into a buffer kept between bodies (see decodeKept);
 * - under MAX_PIECES_BYTES (a one-body list): all ASCII, kept off the heap where the runtime can
 *   (ascii-text.ts); otherwise its chunks decoded one by one, each whole (not in streaming mode),
 *   and the texts joined (see decodePieces).
 */
export class Utf8Text {
  #chunks: Uint8Array[] = [];
  #length = 0;
  // Small chunks are copied together: a body dribbled a byte at a time must not cost an object
  // (a hundred bytes) per byte.
  #small: Uint8Array | undefined;
  #smallLength = 0;

  /** Adds one chunk, kept as bytes until `end()`. */
  push(chunk: Uint8Array): void {
    const length = chunk.byteLength;
    if (length === 0) return;
    this.#length += length;
    if (length >= SMALL_CHUNK) {
      this.#flushSmall();
      this.#chunks.push(chunk);
      return;
    }
    if (this.#small && this.#smallLength + length > this.#small.byteLength) this.#flushSmall();
    this.#small ??= new Uint8Array(SMALL_BUFFER);
    this.#small.set(chunk, this.#smallLength);
    this.#smallLength += length;
  }

  #flushSmall(): void {
    if (!this.#small) return;
    // Full, or cut to what it holds, so a partly filled buffer never holds its unused rest.
    this.#chunks.push(this.#smallLength === this.#small.byteLength ? this.#small : this.#small.slice(0, this.#smallLength));
    this.#small = undefined;
    this.#smallLength = 0;
  }

  /** The whole text; an unfinished character at the very end becomes U+FFFD, as a decoder's flush does. */
  end(): string {
    this.#flushSmall();
    const chunks = this.#chunks;
    const length = this.#length;
    this.#chunks = [];
    this.#length = 0;
    if (chunks.length === 0) return '';
    if (chunks.length === 1) return decodeUtf8(chunks[0]!);
    if (length <= MAX_KEPT) return decodeKept(chunks, length);
    if (length < MAX_PIECES_BYTES) {
      const ascii = asciiJoinBuffer(chunks, length);
      if (!ascii) return decodePieces(chunks);
      join(chunks, ascii);
      chunks.length = 0;
      return ascii.toString('latin1');
    }
    // The join goes into a buffer given back to the system as soon as its text is made: a
    // dropped one stays resident until the collector next runs, which is when the models are
    // being made, so the body, its bytes and the young generation at its fullest were all held
    // at once (bench section 5: 3.9× a 6 MB body, the bytes a third of that; a 10-page list's
    // joins, 2.4-3.4× its pages against 1.7-2.4× given back). Pages given back are faulted in
    // afresh for the next join, about 0.1 ms a page of 220 KB.
    const buffer = releasableBuffer(length);
    const bytes = new Uint8Array(buffer);
    join(chunks, bytes);
    // The chunks can go before the text is made: two copies at once, not three.
    chunks.length = 0;
    try {
      return decodeUtf8(bytes);
    } finally {
      // Only a resizable buffer: a plain one has `resize` too, and throws.
      if (buffer.resizable) buffer.resize?.(0);
    }
  }
}

/**
 * Bodies of up to MAX_KEPT bytes are joined into one buffer this module keeps, grown to the
 * longest such body seen, and decoded from there. A buffer made for each body is faulted in
 * afresh every time (0.06-0.13 ms a page of 200 KB, about a seventh of parsing it), and a body's
 * chunks decoded one by one leave their texts behind as young garbage; a 10-page list of 220 KB
 * pages decoded 15% faster this way than either (bench section 5). At most MAX_KEPT bytes stay
 * held between bodies. Decoding is synchronous, so no two bodies share the buffer at once.
 */
let kept: Uint8Array | undefined;

function decodeKept(chunks: Uint8Array[], length: number): string {
  if (!kept || kept.byteLength < length) kept = new Uint8Array(length);
  join(chunks, kept);
  chunks.length = 0;
  return decodeUtf8(kept.subarray(0, length));
}

/**
 * Bodies longer than MAX_KEPT and shorter than this are not joined first (but for the ASCII ones
 * Node keeps off the heap, see ascii-text.ts): decoded chunk by chunk (decodePieces). A
 * join buffer given back once decoded is faulted in afresh by the next body, which cost a 2 MB
 * body about 1.5 ms of a 17 ms discovery (bench section 5: 2.1× a bare parse, 1.9× decoded chunk
 * by chunk; peak 2.0× the body, 2.3× chunk by chunk). The chunks' texts are young objects; past a
 * few MB they outgrow the young generation, which copies them (section 6's 11 MB body: 2.0× a
 * parse joined first, 2.3× chunk by chunk, peak 2.9× against 4.0×).
 */
const MAX_PIECES_BYTES = 4 * 1024 * 1024;

let restDecoder: TextDecoder | undefined;

/**
 * The chunks' text, each chunk decoded whole (not in streaming mode, see above) and the texts
 * joined into one flat string. A character cut by a chunk's end is carried over and decoded on its
 * own with the continuation bytes that follow it, so every decode starts and ends where a whole
 * decode is between two characters: each gives the same text the whole decode gives for those
 * bytes. Only the first bytes decoded may lose a BOM, as only the body's first may.
 */
function decodePieces(chunks: readonly Uint8Array[]): string {
  restDecoder ??= new TextDecoder('utf-8', { ignoreBOM: true });
  const texts: string[] = [];
  let started = false;
  const decode = (bytes: Uint8Array) => {
    if (bytes.length === 0) return;
    texts.push((started ? restDecoder! : (decoder ??= new TextDecoder('utf-8'))).decode(bytes));
    started = true;
  };
  const last = chunks.length - 1;
  let carry: Uint8Array | undefined;
  for (let index = 0; index <= last; index += 1) {
    let chunk = chunks[index]!;
    if (carry) {
      const need = sequenceLength(carry[0]!) - carry.length;
      let take = 0;
      while (take < need && take < chunk.length && (chunk[take]! & 0xc0) === 0x80) take += 1;
      carry = concat(carry, chunk.subarray(0, take));
      chunk = chunk.subarray(take);
      // A chunk of nothing but the cut character's continuation bytes: it may go on in the next.
      if (take === need || chunk.length > 0 || index === last) {
        decode(carry);
        carry = undefined;
      }
    }
    const cut = index < last ? cutCharacterAt(chunk) : chunk.length;
    if (cut < chunk.length) carry = chunk.slice(cut);
    decode(chunk.subarray(0, cut));
  }
  return texts.join('');
}

/** Where a character cut by the end of `bytes` starts, or the length when none is. */
function cutCharacterAt(bytes: Uint8Array): number {
  for (let back = 1; back <= 3 && back <= bytes.length; back += 1) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    // A lead byte (C2-F4) whose sequence is longer than what follows it; anything else decodes alone.
    return byte >= 0xc2 && byte <= 0xf4 && sequenceLength(byte) > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/** The length of the sequence a lead byte starts (1 for anything that is not a lead byte of 2-4). */
function sequenceLength(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 ? 2 : 1;
}

function concat(head: Uint8Array, tail: Uint8Array): Uint8Array {
  const out = new Uint8Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}

function join(chunks: readonly Uint8Array[], into: Uint8Array): void {
  let offset = 0;
  for (const chunk of chunks) {
    into.set(chunk, offset);
    offset += chunk.byteLength;
  }
}

/**
 * A buffer that `resize(0)` hands back to the system at once, where the runtime has resizable
 * ArrayBuffers (Node 20, Deno, Bun, workerd); elsewhere a plain one, which the collector frees.
 */
function releasableBuffer(length: number): ReleasableBuffer {
  // Typed by hand: the resizable constructor is ES2024, past this package's `lib`; a runtime
  // without it ignores the second argument.
  return new (ArrayBuffer as new (length: number, options: { maxByteLength: number }) => ReleasableBuffer)(length, { maxByteLength: length });
}

type ReleasableBuffer = ArrayBuffer & { resize?: (length: number) => void; resizable?: boolean };

let decoder: TextDecoder | undefined;

/**
 * One whole decode. Web IDL lets a `TextDecoder` refuse a view of a resizable buffer (browsers
 * do), so such a refusal decodes a plain copy instead.
 */
function decodeUtf8(bytes: Uint8Array): string {
  decoder ??= new TextDecoder('utf-8');
  try {
    return decoder.decode(bytes);
  } catch (error) {
    if (!(bytes.buffer as ReleasableBuffer).resizable) throw error;
    return decoder.decode(bytes.slice());
  }
}

// Chunks shorter than this are gathered into buffers of SMALL_BUFFER bytes (sockets hand over
// 16-64 KiB at a time; a slow or hostile sender, single bytes).
const SMALL_CHUNK = 4 * 1024;
const SMALL_BUFFER = 64 * 1024;
// The longest body joined into the buffer kept between bodies; a longer one is not.
const MAX_KEPT = 1024 * 1024;
