/** Header values as Node (`IncomingHttpHeaders`), Fastify and Express hand them over, or a `Headers`. */
export type HeaderBag = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/** Query values as a `URLSearchParams` or a plain record. */
export type QueryBag = URLSearchParams | Readonly<Record<string, unknown>>;

/** The plain request the served handler answers; each adapter builds one from its framework's request. */
export interface ServedRequest {
  method: string;
  /**
   * The path relative to where the routes are mounted, without the query string and still
   * percent-encoded as it arrived (`/v1/models/openai%2Fgpt-4o`), so an id holding `/` or `%`
   * can be told apart from the path around it.
   */
  path: string;
  query: QueryBag;
  headers: HeaderBag;
}

/** The plain response an adapter writes back as it is. `body` is serialised JSON. */
export interface ServedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function headerValue(headers: HeaderBag, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | readonly string[] | undefined>;
  const value = record[name] ?? record[Object.keys(record).find((key) => key.toLowerCase() === name) ?? ''];
  return typeof value === 'string' ? value : value?.[0];
}

/** Every value given for a query parameter; a value that is not text (a parsed `a[b]=c`) is kept as it is. */
export function queryValues(query: QueryBag, name: string): unknown[] {
  if (query instanceof URLSearchParams) return query.getAll(name);
  const value = Object.hasOwn(query, name) ? query[name] : undefined;
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
