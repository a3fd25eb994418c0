import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import {
  BodyTooLargeError,
  ERROR_CODES,
  HttpError,
  InvalidResponseError,
  isModelDiscoveryError,
  ModelDiscovery,
  ModelDiscoveryError,
  NetworkError,
  NotConfiguredError,
  RedirectRefusedError,
  UnauthorizedError,
  UpstreamTimeoutError,
  type ModelDiscoveryError as ErrorType,
  type RefreshEvent,
} from '../../src/index.js';
import { GATEWAY, serveModels } from '../support/upstream.js';

async function failWith(response: () => Response) {
  serveModels(response);
  const events: RefreshEvent[] = [];
  const snapshot = await new ModelDiscovery({ baseURL: GATEWAY, env: {}, onRefresh: (e) => events.push(e) }).getModels();
  return { snapshot, error: events[0]?.error as ErrorType };
}

describe('HTTP statuses map to one code each', () => {
  it.each([
    [401, 'unauthorized', UnauthorizedError, /ANTHROPIC_API_KEY/],
    [403, 'unauthorized', UnauthorizedError, /ANTHROPIC_AUTH_TOKEN/],
    [404, 'http_error', HttpError, /Check the base URL/],
    [429, 'http_error', HttpError, /rate limiting/],
    [500, 'http_error', HttpError, /HTTP 500/],
    [502, 'http_error', HttpError, /down, overloaded or restarting/],
    [503, 'http_error', HttpError, /HTTP 503/],
    [529, 'http_error', HttpError, /HTTP 529/],
    [418, 'http_error', HttpError, /HTTP 418/],
  ])('HTTP %i → %s, with advice', async (status, code, ErrorClass, advice) => {
    const { snapshot, error } = await failWith(() => HttpResponse.text('nope', { status }));
    expect(snapshot.error).toEqual({ code, message: expect.stringMatching(advice), status, detail: 'nope' });
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(ModelDiscoveryError);
    expect(error.status).toBe(status);
  });
});

describe('error classes', () => {
  it('exist for every code, each carrying its code and name', () => {
    const made = [
      new NotConfiguredError('m'),
      new UpstreamTimeoutError('m'),
      new NetworkError('m'),
      new UnauthorizedError('m', 401),
      new HttpError('m', 500),
      new InvalidResponseError('m'),
      new BodyTooLargeError('m'),
      new RedirectRefusedError('m'),
    ];
    expect(made.map((e) => e.code)).toEqual([...ERROR_CODES]);
    for (const error of made) {
      expect(error.name).toBe(error.constructor.name);
      expect(isModelDiscoveryError(error)).toBe(true);
    }
  });

  it('serialise to their code, message and status with toJSON()', () => {
    expect(JSON.parse(JSON.stringify(new HttpError('The gateway failed.', 502)))).toEqual({
      name: 'HttpError',
      code: 'http_error',
      message: 'The gateway failed.',
      status: 502,
    });
  });

  it('are recognised by their brand, not by instanceof, so a second copy of the library agrees', () => {
    const foreign = Object.assign(new Error('x'), { code: 'timeout' });
    Object.defineProperty(foreign, Symbol.for('model-discovery.error'), { value: true });
    expect(isModelDiscoveryError(foreign)).toBe(true);
    expect(isModelDiscoveryError(new Error('x'))).toBe(false);
    expect(isModelDiscoveryError(null)).toBe(false);
  });
});

describe('messages tell the user what to do next', () => {
  it('not_configured names the variable to set', async () => {
    const snapshot = await new ModelDiscovery({ env: {} }).getModels();
    expect(snapshot.error?.message).toMatch(/Set ANTHROPIC_BASE_URL/);
  });

  it('invalid_response for an HTML page names the content type and the likely cause', async () => {
    const { snapshot } = await failWith(() => HttpResponse.html('<html>Bad gateway</html>'));
    expect(snapshot.error?.code).toBe('invalid_response');
    expect(snapshot.error?.message).toMatch(/not JSON \(text\/html/);
  });

  it('invalid_response for truncated JSON', async () => {
    const { snapshot } = await failWith(() => new HttpResponse('{"data":[{"id":"a"', { headers: { 'content-type': 'application/json' } }));
    expect(snapshot.error?.code).toBe('invalid_response');
  });

  it('invalid_response for a 200 with an empty body', async () => {
    const { snapshot } = await failWith(() => new HttpResponse(null, { status: 200 }));
    expect(snapshot.error?.code).toBe('invalid_response');
  });
});
