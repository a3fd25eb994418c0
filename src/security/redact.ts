/** What replaces a secret wherever it would have appeared. */
export const REDACTED = '[REDACTED]';

// Any `scheme://user:pass@host` is scrubbed even when its password is not a known secret: a URL
// echoed back by a runtime's error (undici puts the request URL in some messages) may carry one.
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi;

// Shorter values would turn ordinary words into `[REDACTED]` without protecting anything real.
const MIN_SECRET_LENGTH = 4;

/**
 * The single place secrets are scrubbed. Built once from every credential the instance holds,
 * and applied where errors and log records are built, not at each call site.
 */
export class Redactor {
  readonly #secrets: string[];

  constructor(secrets: Iterable<string | undefined>) {
    const variants = new Set<string>();
    for (const secret of secrets) {
      if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
      variants.add(secret);
      // Gateways echo what they received, which may be the URL-encoded or JSON-escaped form.
      variants.add(encodeURIComponent(secret));
      variants.add(JSON.stringify(secret).slice(1, -1));
    }
    // Longest first, so a secret that contains another is replaced whole.
    this.#secrets = [...variants].filter((v) => v.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text.replace(URL_USERINFO, `$1${REDACTED}@`);
    for (const secret of this.#secrets) out = out.split(secret).join(REDACTED);
    return out;
  }

  /** True when the text still contains a known secret; used by tests and as a last guard. */
  leaks(text: string): boolean {
    return this.#secrets.some((secret) => text.includes(secret));
  }

  /** True when there is no secret to look for: no credential configured. */
  get empty(): boolean {
    return this.#secrets.length === 0;
  }

  /**
   * True when no text a model is made of can hold a secret, shown once for a whole JSON body
   * instead of field by field: the body holds no secret and no escape (`\`) that could spell one
   * out when parsed, and every secret is of a kind the normaliser cannot assemble from other
   * text (no whitespace, which a description's collapsed runs could join, no `…`, which a clipped
   * description ends with, and not made only of the characters of a date it writes). When false,
   * the caller screens each model instead.
   */
  clearsBody(body: string): boolean {
    if (this.#secrets.length === 0) return true;
    if (!this.#bodyScreenable) return false;
    return !body.includes('\\') && !this.leaks(body);
  }

  // Computed once: whether a body-wide screen can stand for the per-model one (see clearsBody).
  get #bodyScreenable(): boolean {
    return (this.#screenable ??= this.#secrets.every((secret) => !ASSEMBLABLE.test(secret) && !DATE_ONLY.test(secret)));
  }

  #screenable: boolean | undefined;
}

// Characters the normaliser joins or adds: whitespace and controls (collapsed to one space in a
// description) and the ellipsis of a clipped one.
// eslint-disable-next-line no-control-regex
const ASSEMBLABLE = /[\s\u0000-\u001f\u007f-\u009f\u2028\u2029…]/;
// A secret that a date the normaliser writes (`2025-09-29T00:00:00.5Z`) could contain.
const DATE_ONLY = /^[0-9TZ:.+-]+$/;
