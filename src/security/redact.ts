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
}
