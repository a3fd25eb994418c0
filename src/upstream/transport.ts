import { BodyTooLargeError, RedirectRefusedError } from '../errors/errors.js';

/**
 * Wraps `fetch` so that every response the SDK sees obeys our rules, whatever the SDK does with
 * it: redirects are refused (the SDK would forward `x-api-key` to another origin) and the body is
 * cut off at the cap while it streams (the SDK would buffer and gunzip it whole).
 */
export function boundedFetch(baseFetch: typeof globalThis.fetch, maxBodyBytes: number): typeof globalThis.fetch {
  return async (input, init) => {
    // The SDK passes the per-request deadline as `init.signal`; it stays attached to the body too.
    const response = await baseFetch(input, { ...init, redirect: 'manual' });
    if (isRedirect(response)) {
      // Not awaited: the cancel of a body that was tee'd or cloned (msw, logging fetch wrappers)
      // settles only when every branch is cancelled, so waiting on it turned a refused redirect
      // into a timeout.
      void response.body?.cancel().catch(() => {});
      throw new RedirectRefusedError(
        `The gateway answered with a redirect${response.status ? ` (HTTP ${response.status})` : ''}, which is refused so that credentials never reach another address. Set the base URL to the address the gateway redirects to.`,
      );
    }
    if (!response.body || NULL_BODY_STATUSES.has(response.status)) return response;
    const limited = response.body.pipeThrough(byteLimit(maxBodyBytes));
    return new Response(limited, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

// The Response constructor rejects a body for these, so they are passed through as they are.
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400 && response.status !== 304);
}

function byteLimit(maxBytes: number): TransformStream<Uint8Array, Uint8Array> {
  let seen = 0;
  return new TransformStream({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > maxBytes) {
        controller.error(
          new BodyTooLargeError(
            `The gateway's response is larger than maxBodyBytes (${maxBytes} bytes); reading stopped there. Raise \`maxBodyBytes\` if the list is really this large.`,
          ),
        );
        return;
      }
      controller.enqueue(chunk);
    },
  });
}
