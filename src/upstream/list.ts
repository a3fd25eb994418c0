import { InvalidResponseError, isModelDiscoveryError, type ModelDiscoveryError } from '../errors/errors.js';
import { ModelCollector } from '../model/normalize.js';
import type { Model } from '../model/schema.js';
import type { Redactor } from '../security/redact.js';
import { raceAbort, startDeadline, withOwnSignal } from './deadline.js';
import type { Dialect, EnrichContext, PageRequest, ParsedPage, Send, SourceEndpoint } from './dialect.js';
import { classifyFailure } from './failure.js';
import { boundedFetch, readJson, readListPage, type ListPage, type ReadSettings } from './transport.js';

/** One source's upstream: where, in which dialect, and within which bounds. */
export interface UpstreamSettings {
  endpoint: SourceEndpoint;
  dialect: Dialect;
  timeout: number;
  maxBodyBytes: number;
  maxPages: number;
  maxModels: number;
  fetch: typeof globalThis.fetch | undefined;
  redactor: Redactor;
  /** One scrubbed warning line (used by `enrich`). */
  warn: (message: string) => void;
}

export interface ListResult {
  models: Model[];
  /** Items dropped for an unusable or duplicate id, for one warning. */
  dropped: number;
  /** Models cut by `maxModels`. */
  truncated: number;
  /** The one warning about metadata values left out (wrong type, out of range), when any were. */
  metadataDropped?: string;
  /**
   * True when every body the list was read from was shown, as a whole, to hold no configured
   * secret (`Redactor.clearsBody`): no model then needs screening field by field.
   */
  screened: boolean;
}

/**
 * Lists one source's models: the paging loop over the dialect's requests, all inside one deadline
 * over the whole refresh. Built once per source, with its sender (for the `anthropic` dialect, an
 * SDK client) made on first use and kept.
 */
export class Upstream {
  readonly #settings: UpstreamSettings;
  readonly #fetch: typeof globalThis.fetch;
  #send: Promise<Send> | undefined;
  #connected = false;
  // Callers of ready() before the sender is built. A promise per caller, made in the caller's own
  // call: on Cloudflare Workers a promise belongs to the request that made it, and one made by a
  // request that has ended (one shared promise made in the constructor, say) can never settle for
  // a later request.
  #waiting: Array<() => void> = [];

  constructor(settings: UpstreamSettings) {
    this.#settings = settings;
    const base = settings.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#fetch = boundedFetch({ fetch: base, maxBodyBytes: settings.maxBodyBytes, redactor: settings.redactor });
  }

  /** Where the list is asked for, safe to show: it never holds credentials. */
  get url(): string {
    return this.#settings.dialect.request(this.#settings.endpoint, undefined).url.split('?', 1)[0]!;
  }

  /**
   * Resolves once the sender is built (for the `anthropic` dialect: the SDK imported and its client
   * made, the first time only) for a refresh that has started. It starts nothing itself: importing
   * the SDK blocks the event loop, and doing it while a store call is in flight would time that out.
   */
  ready(): Promise<void> {
    if (this.#connected) return Promise.resolve();
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Every model the upstream serves, or throws a `ModelDiscoveryError` saying why not. `signal` abandons it. */
  async list(signal?: AbortSignal): Promise<ListResult> {
    // Importing the SDK (once per process) is not the gateway's time, so it is not counted
    // against the deadline. The deadline starts right after, before a caller's own bounded wait
    // (which starts from `ready()`), so a refresh that times out has said so when that wait ends.
    const send = await this.#connect();
    const deadline = startDeadline(this.#settings.timeout, signal);
    try {
      const { redactor, maxBodyBytes } = this.#settings;
      // Every body (the list's pages and any enrichment) is screened once, whole, for a configured
      // secret, so the models need not be screened field by field (see Source).
      let screened = true;
      const read: ReadSettings = {
        maxBytes: maxBodyBytes,
        inspect: (text) => {
          if (screened) screened = redactor.clearsBody(text);
        },
      };
      // A signal of its own per request (see withOwnSignal), followed until the body is read.
      const json = (request: PageRequest, signal: AbortSignal) => withOwnSignal(signal, async (own) => readJson(await send(request, own), read));
      const { listKey } = this.#settings.dialect;
      const page = (request: PageRequest, signal: AbortSignal): Promise<ListPage> => withOwnSignal(signal, async (own) => readListPage(await send(request, own), listKey, read));
      // Raced as a whole: a custom `fetch` that ignores its signal must not be able to hold a
      // refresh (and every caller waiting on it) past `timeout`.
      const listed = await raceAbort(this.#pages(page, deadline.signal), deadline.signal);
      if (this.#settings.dialect.enrich) listed.models = await this.#enrich(listed.models, json, deadline.signal);
      return { ...listed, screened };
    } catch (error) {
      throw classifyFailure(error, deadline.signal, this.#settings.timeout, this.url);
    } finally {
      deadline.clear();
    }
  }

  /** The sender, made once per source. Never rejects: a dialect that cannot connect sends directly. */
  #connect(): Promise<Send> {
    const { dialect, endpoint } = this.#settings;
    if (!this.#send) {
      this.#send = dialect.connect ? dialect.connect(this.#fetch, endpoint).catch(() => this.#direct) : Promise.resolve(this.#direct);
      void this.#send.then(() => {
        this.#connected = true;
        for (const resolve of this.#waiting.splice(0)) resolve();
      });
    }
    return this.#send;
  }

  /** The paging loop: every page of the dialect's list, with the page cap and loop detection. */
  async #pages(readPage: (request: PageRequest, signal: AbortSignal) => Promise<ListPage>, signal: AbortSignal): Promise<Omit<ListResult, 'screened'>> {
    const { dialect, endpoint, maxPages, maxModels } = this.#settings;
    const collector = new ModelCollector(maxModels);
    const cursors = new Set<string>();
    let cursor: string | undefined;
    for (let page = 1; ; page += 1) {
      if (page > maxPages) {
        throw new InvalidResponseError(
          `The gateway kept reporting more pages after ${maxPages}; the list was not accepted. Raise \`maxPages\` if the gateway really serves this many.`,
        );
      }
      const read = await readPage(dialect.request(endpoint, cursor), signal);
      const parsed = read.items ? this.#addItems(read, collector) : dialect.parse(read.body);
      // The dialect's own method, not a closure made per page: the same function on every page and
      // every refresh, which V8 keeps inlined (Dialect: `item` is called without `this`).
      if (!read.items) collector.drain(parsed.items, dialect.item, read.noControlCharacters);
      if (parsed.next === undefined) break;
      if (cursors.has(parsed.next)) {
        throw new InvalidResponseError(
          'The gateway said more pages follow but gave no new cursor (last_id), so paging would never end; the list was not accepted.',
        );
      }
      cursors.add(parsed.next);
      cursor = parsed.next;
    }
    return collector.result();
  }

  /**
   * A page whose list came as JSON text, item by item: the dialect reads the page with only the
   * last item parsed in its list (Anthropic pages on by the last id), then each item is parsed,
   * mapped and let go in turn. What a whole parse would have refused is refused the same way: an
   * item that is not JSON is the page's `notJson` error, before any complaint about the page's
   * shape.
   */
  #addItems(page: ListPage, collector: ModelCollector): ParsedPage {
    const { dialect } = this.#settings;
    const items = page.items!;
    const key = dialect.listKey!;
    const parseItem = (index: number): unknown => {
      try {
        return JSON.parse(items.at(index));
      } catch {
        throw page.notJson();
      }
    };
    const body = page.body as Record<string, unknown>;
    const standIn = items.length > 0 ? [parseItem(items.length - 1)] : [];
    body[key] = standIn;
    let parsed: ParsedPage;
    try {
      parsed = dialect.parse(body);
    } catch (error) {
      for (let index = 0; index < items.length; index += 1) parseItem(index);
      throw error;
    }
    if (parsed.items !== standIn) {
      // Not the array it was given (a dialect that filters or copies): the page is read whole.
      body[key] = Array.from({ length: items.length }, (_, index) => parseItem(index));
      parsed = dialect.parse(body);
      collector.add(parsed.items, dialect.item, page.noControlCharacters);
      return parsed;
    }
    const clean = page.noControlCharacters;
    for (let index = 0; index < items.length; index += 1) collector.addOne(parseItem(index), dialect.item, clean);
    return parsed;
  }

  /** A dialect's extra requests, inside the same deadline; a failure (the deadline too) keeps the list as it was. */
  async #enrich(models: Model[], json: (request: PageRequest, signal: AbortSignal) => Promise<unknown>, signal: AbortSignal): Promise<Model[]> {
    const { dialect, endpoint, warn } = this.#settings;
    const context: EnrichContext = { json: (request) => json(request, signal), warn };
    try {
      return (await raceAbort(Promise.resolve(dialect.enrich?.(models, endpoint, context)), signal)) ?? models;
    } catch (error) {
      const code = signal.aborted ? 'timeout' : isModelDiscoveryError(error) ? (error as ModelDiscoveryError).code : 'invalid_response';
      warn(`the ${dialect.name} metadata requests failed (${code}); the list is kept without that metadata.`);
      return models;
    }
  }

  readonly #direct: Send = (request, signal) =>
    this.#fetch(request.url, {
      method: request.method ?? 'GET',
      headers: request.headers,
      signal,
      ...(request.body === undefined ? {} : { body: request.body }),
    });
}
