/**
 * Decodes a byte stream as UTF-8, chunk by chunk, into the same text a streaming `TextDecoder`
 * gives (BOM stripped, malformed bytes as U+FFFD), without the streaming mode: on Node 20 that
 * mode decodes through ICU into an off-heap two-byte string, twice the size of an ASCII body and
 * slower to make and to parse than the one-byte string a whole `decode()` makes. Each chunk is
 * decoded whole, less an unfinished character at its end, which is carried into the next one.
 */
export class Utf8Text {
  // Only the first chunk may start with the BOM a decoder strips; a U+FEFF later is text.
  #decoder = new TextDecoder('utf-8');
  #carry: Uint8Array | undefined;
  #text = '';

  /** Adds one chunk; its text is appended (a rope, not a copy: JSON.parse flattens it once). */
  push(chunk: Uint8Array): void {
    let bytes = chunk;
    if (this.#carry) {
      bytes = new Uint8Array(this.#carry.byteLength + chunk.byteLength);
      bytes.set(this.#carry);
      bytes.set(chunk, this.#carry.byteLength);
      this.#carry = undefined;
    }
    if (bytes.byteLength === 0) return;
    const end = completeUpTo(bytes);
    if (end < bytes.byteLength) this.#carry = bytes.slice(end);
    if (end === 0) return;
    this.#text += this.#decoder.decode(end === bytes.byteLength ? bytes : bytes.subarray(0, end));
    this.#decoder = AFTER_START;
  }

  /** The whole text; an unfinished character at the very end becomes U+FFFD, as a decoder's flush does. */
  end(): string {
    const carry = this.#carry;
    this.#carry = undefined;
    return carry ? this.#text + this.#decoder.decode(carry) : this.#text;
  }
}

// Stateless between calls (no `stream`), so one instance serves every reader.
const AFTER_START = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Where the bytes stop being whole characters: the index of a lead byte at the end whose
 * continuation bytes have not all arrived, else the length. Cutting before a lead byte leaves the
 * decoder's state clean on both sides (a lead byte ends any sequence before it), so the two parts
 * decode to exactly what the whole would.
 */
function completeUpTo(bytes: Uint8Array): number {
  const length = bytes.byteLength;
  // At most three continuation bytes (0b10xxxxxx) follow a lead byte.
  let start = length - 1;
  while (start >= 0 && start > length - 4 && (bytes[start]! & 0xc0) === 0x80) start -= 1;
  if (start < 0) return length;
  const lead = bytes[start]!;
  const needed = lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xc2 && lead <= 0xdf ? 2 : 1;
  return length - start < needed ? start : length;
}
