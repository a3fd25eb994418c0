import { REDACTED, type Redactor } from './redact.js';
import { withoutControlCharacters } from './text.js';

/** The longest `detail` an error carries. */
export const MAX_DETAIL_LENGTH = 300;

// Only this much of an error body is looked at: enough for any real message, and the key-shape
// scan below then costs nothing whatever the body's size.
const MAX_SCANNED = 4_096;

// Shapes of credentials this instance was not configured with but a gateway may still echo (the
// key of another tenant, a hash of ours, LiteLLM's `sk-...abcd`): masked whatever they belong to.
const KEY_SHAPES: readonly RegExp[] = [
  // `sk-…` keys (OpenAI, Anthropic, LiteLLM), whole or in a masked form.
  /\bsk-[^\s"'`,;]*/gi,
  // What follows an auth scheme is a credential.
  /\b(Bearer|Basic)\s+[^\s"'`,;]+/gi,
  // Long hex runs: key hashes, tokens.
  /\b[0-9a-f]{32,}\b/gi,
  // Long base64 / base64url runs with both letters and digits: tokens, Basic credentials.
  /[A-Za-z0-9+/_-]{32,}={0,2}/g,
];

/**
 * The upstream's own words about a failure, found where gateways put them (`error.message`,
 * `error` as text, `message`, `detail`, or a plain-text body), fit to show: one line, every
 * configured secret replaced, anything shaped like a key masked, at most 300 characters.
 * Undefined when the body holds no such text (an HTML error page, an empty body).
 */
export function upstreamDetail(body: string, contentType: string | null, redactor: Redactor): string | undefined {
  const text = findMessage(body.slice(0, MAX_SCANNED * 4), contentType);
  if (text === undefined) return undefined;
  let clean = withoutControlCharacters(text.slice(0, MAX_SCANNED)).replace(/\s+/g, ' ').trim();
  clean = redactor.redact(clean);
  for (const shape of KEY_SHAPES) clean = clean.replace(shape, (match) => (isKeyShaped(match) ? REDACTED : match));
  if (clean === '') return undefined;
  return clean.length > MAX_DETAIL_LENGTH ? `${clean.slice(0, MAX_DETAIL_LENGTH - 1)}…` : clean;
}

function isKeyShaped(match: string): boolean {
  if (/^(sk-|bearer\s|basic\s)/i.test(match)) return true;
  if (/^[0-9a-f]+$/i.test(match)) return true;
  // A base64 run must mix letters and digits: a long word or a dashed model id is not a key.
  return /[0-9]/.test(match) && /[A-Z]/.test(match) && /[a-z]/.test(match);
}

function findMessage(body: string, contentType: string | null): string | undefined {
  const trimmed = body.trim();
  if (trimmed === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    // An HTML error page says nothing a message does not; plain text is the gateway's own words.
    if (/html|xml/i.test(contentType ?? '') || trimmed.startsWith('<')) return undefined;
    return trimmed;
  }
  return messageIn(parsed);
}

function messageIn(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const error = record.error;
  if (typeof error === 'object' && error !== null && typeof (error as Record<string, unknown>).message === 'string') {
    return (error as Record<string, string>).message;
  }
  for (const candidate of [error, record.message, record.detail, record.error_description]) {
    if (typeof candidate === 'string' && candidate.trim() !== '') return candidate;
  }
  // FastAPI's validation errors: `detail: [{ msg }]`.
  if (Array.isArray(record.detail)) {
    const first = record.detail[0] as { msg?: unknown } | undefined;
    if (typeof first?.msg === 'string') return first.msg;
  }
  return undefined;
}
