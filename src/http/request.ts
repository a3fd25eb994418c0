import type { RequestHeaders, RequestQuery } from './options.js';

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
