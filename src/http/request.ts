import type { AuthorizeRequest, ModelRoutesRequest, RequestHeaders, RequestQuery } from './options.js';

/** One header's value from either header bag, list values joined as HTTP joins them. */
export function headerValue(headers: RequestHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  let value = record[name];
  if (value === undefined) {
    const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
    value = key === undefined ? undefined : record[key];
  }
  return typeof value === 'string' ? value : value?.join(', ');
}

/** Every value given for one query parameter. */
export function queryValues(query: RequestQuery | undefined, name: string): readonly string[] {
  if (query === undefined) return [];
  if (typeof query === 'string') return new URLSearchParams(query).getAll(name);
  if (query instanceof URLSearchParams) return query.getAll(name);
  const value = query[name];
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

/** `If-None-Match` against one strong ETag, with the weak comparison RFC 9110 asks for here. */
export function matchesETag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
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

/** The one shape `authorize` gets, whatever the adapter passed in. */
export function toAuthorizeRequest<Native>(request: ModelRoutesRequest<Native>): AuthorizeRequest<Native> {
  return { method: request.method.toUpperCase(), path: request.path, query: toSearchParams(request.query), headers: toHeaders(request.headers), native: request.native };
}

function toSearchParams(query: RequestQuery | undefined): URLSearchParams {
  if (query instanceof URLSearchParams) return query;
  if (query === undefined || typeof query === 'string') return new URLSearchParams(query);
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) for (const one of typeof value === 'string' ? [value] : (value ?? [])) params.append(name, one);
  return params;
}

function toHeaders(headers: RequestHeaders): Headers {
  if (headers instanceof Headers) return headers;
  const result = new Headers();
  for (const [name, value] of Object.entries(headers)) for (const one of typeof value === 'string' ? [value] : (value ?? [])) result.append(name, one);
  return result;
}
