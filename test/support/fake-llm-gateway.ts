import type { IncomingMessage, ServerResponse } from 'node:http';

import { MESSAGE_STREAM_HEADERS, messageStreamEvents } from '../fixtures/anthropic-messages-stream.js';
import { startLocalServer, type LocalServer } from './local-server.js';

/**
 * The Messages side of a fake gateway: answers `POST /v1/messages` with Anthropic's documented
 * event stream (test/fixtures/anthropic-messages-stream.ts) for the model asked for, and records
 * that model exactly as it arrived.
 */
export interface MessagesFake {
  /** The `model` of every `POST /v1/messages` body, in arrival order. */
  readonly models: string[];
  /** The answer to one request body (JSON text); waits for `gate` first. */
  answer(body: string): Promise<{ status: number; headers: Record<string, string>; body: string }>;
}

/** `gate` is awaited before each answer (see `untilGatewayCache` for why). */
export function messagesFake(gate: () => Promise<unknown> = () => Promise.resolve()): MessagesFake {
  const models: string[] = [];
  return {
    models,
    async answer(body) {
      let model: unknown;
      try {
        model = (JSON.parse(body) as { model?: unknown }).model;
      } catch {
        model = undefined;
      }
      if (typeof model !== 'string') {
        return { status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: 'model: Field required' } }) };
      }
      models.push(model);
      await gate();
      return { status: 200, headers: { ...MESSAGE_STREAM_HEADERS }, body: messageStreamEvents(model) };
    },
  };
}

export interface FakeGatewayOptions {
  /** The ids `GET /v1/models` lists, in LiteLLM's OpenAI-shaped wire format. */
  ids: readonly string[];
  /** Extra fields for some ids' items (`display_name`, `description`), as some LiteLLM rows carry. */
  labels?: Readonly<Record<string, object>>;
  /** `GET /v1/models` never answers (until the server closes): an upstream slower than any deadline. */
  hangModels?: boolean;
  gate?: () => Promise<unknown>;
}

export interface FakeGateway extends LocalServer {
  messages: MessagesFake;
  /** How many times `GET /v1/models` was asked. */
  modelCalls(): number;
}

/**
 * A stand-in for the LLM gateway behind the server under test (LiteLLM's list format, Anthropic's
 * Messages API), on a real socket on 127.0.0.1.
 */
export async function startFakeGateway(options: FakeGatewayOptions): Promise<FakeGateway> {
  const messages = messagesFake(options.gate);
  let modelCalls = 0;
  const list = JSON.stringify({ object: 'list', data: options.ids.map((id) => ({ id, object: 'model', created: 1677610602, owned_by: 'openai', ...options.labels?.[id] })) });
  const server = await startLocalServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'GET' && path === '/v1/models') {
        modelCalls += 1;
        if (!options.hangModels) res.writeHead(200, { 'content-type': 'application/json' }).end(list);
        return;
      }
      if (req.method === 'POST' && path === '/v1/messages') {
        void messages.answer(body).then((answer) => res.writeHead(answer.status, answer.headers).end(answer.body));
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: `${req.method} ${path} is not served here.` } }));
    });
  });
  return Object.assign(server, { messages, modelCalls: () => modelCalls });
}
