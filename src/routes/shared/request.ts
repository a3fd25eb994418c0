import type { AuthorizeRequest, ModelRoutesRequest, RequestHeaders, RequestQuery } from './http.js';

type StringRecord = Readonly<Record<string, string | readonly string[] | undefined>>;

// Duck-typed rather than `instanceof`: a runtime may hand over its own `Headers` implementation.
function isHeaders(headers: RequestHeaders): headers is Headers {
  return typeof (headers as Headers).get === 'function';
}

/** One header's value from either header bag, list values joined as HTTP joins them. */
export function headerValue(headers: RequestHeaders, name: string): string | undefined {
  if (isHeaders(headers)) return headers.get(name) ?? undefined;
  const record: StringRecord = headers;
  let value = record[name];
  // Node's header records are lower-case already: this scan finds nothing there, and runs on every
  // request that lacks the header (a first GET has no If-None-Match), so it allocates nothing.
  if (value === undefined) {
    for (const key in record) {
      if (key.length === name.length && Object.hasOwn(record, key) && key.toLowerCase() === name) {
        value = record[key];
        break;
      }
    }
  }
  return typeof value === 'string' ? value : value?.join(', ');
}

/** `If-None-Match` against one strong ETag, with the weak comparison RFC 9110 asks for here. */
export function matchesETag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  // What a client sends back is nearly always the ETag it got, as it was: no splitting for that.
  if (ifNoneMatch === etag) return true;
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

/** Splits a request target (`/path?query`) without building a URL: adapters call it per request. */
export function splitTarget(target: string): { path: string; query: string } {
  const at = target.indexOf('?');
  return at === -1 ? { path: target, query: '' } : { path: target.slice(0, at), query: target.slice(at + 1) };
}

/**
 * The part of a request path below where the routes are mounted, the mount given as the host's
 * route pattern (`/base`, `/t/:tenant`). Each segment of the pattern matches one segment of the
 * path, whatever its length, so as many segments are skipped: cutting off the pattern's length
 * would cut `/t/acme/...` mid-segment. `''` when the path is shorter than the mount.
 */
export function belowMount(path: string, mount: string): string {
  let at = 0;
  for (let slash = mount.indexOf('/'); slash !== -1; slash = mount.indexOf('/', slash + 1)) {
    at = path.indexOf('/', at + 1);
    if (at === -1) return '';
  }
  return path.slice(at);
}

/** The query in one form, whichever of the accepted forms the adapter passed. */
export function toSearchParams(query: RequestQuery | undefined): URLSearchParams {
  if (query instanceof URLSearchParams) return query;
  if (query === undefined || typeof query === 'string') return new URLSearchParams(query);
  const params = new URLSearchParams();
  for (const [name, values] of entriesOf(query)) for (const value of values) params.append(name, value);
  return params;
}

/** The one shape `authorize` gets, whatever the adapter passed in. */
export function toAuthorizeRequest<Native>(request: ModelRoutesRequest<Native>, method: string, query: URLSearchParams): AuthorizeRequest<Native> {
  return { method, path: request.path, query, headers: toHeaders(request.headers), native: request.native };
}

function toHeaders(headers: RequestHeaders): Headers {
  if (isHeaders(headers)) return headers;
  const result = new Headers();
  for (const [name, values] of entriesOf(headers)) for (const value of values) result.append(name, value);
  return result;
}

function entriesOf(record: StringRecord): Array<[string, readonly string[]]> {
  return Object.entries(record).map(([name, value]) => [name, valuesOf(value)]);
}

// A host that parses queries with `qs` (Express 4's default) hands over nested objects for
// `?limit[a]=1`; such a value becomes a marker that no validator accepts, so it is a 400, not a
// throw. `String()` is not used: a null-prototype object has no `toString`.
const UNSUPPORTED = '[unsupported value]';

function valuesOf(value: unknown): readonly string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? item : UNSUPPORTED));
  return [UNSUPPORTED];
}
