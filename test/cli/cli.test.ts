import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { afterEach, describe, expect, it } from 'vitest';

import { runCli, runInTerminal, secretsIn, type CliRun } from '../support/cli.js';
import { startLocalServer, type LocalServer } from '../support/local-server.js';
import { anthropicPage, CANARY_KEY, CANARY_PASSWORD, CANARY_TOKEN, openaiList } from '../support/upstream.js';

const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function gateway(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<LocalServer> {
  const server = await startLocalServer(handler);
  servers.push(server);
  return server;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A LiteLLM-like gateway serving these ids in the Anthropic shape. */
function modelsGateway(ids: string[]) {
  return gateway((req, res) => (req.url?.startsWith('/v1/models') ? json(res, 200, anthropicPage(ids)) : json(res, 404, {})));
}

function withKey(url: string): Record<string, string> {
  return { ANTHROPIC_BASE_URL: url, ANTHROPIC_API_KEY: CANARY_KEY };
}

function expectNoSecret(run: CliRun): void {
  expect(secretsIn(run.stdout)).toEqual([]);
  expect(secretsIn(run.stderr)).toEqual([]);
}

describe('model-discovery list', () => {
  it('prints a table of id, display name and creation date and exits 0', async () => {
    const server = await modelsGateway(['claude-sonnet-4-5', 'claude-haiku-4-5']);

    const run = await runCli(['list'], withKey(server.url));

    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      'ID                 DISPLAY NAME       CREATED',
      'claude-sonnet-4-5  CLAUDE-SONNET-4-5  2025-09-29',
      'claude-haiku-4-5   CLAUDE-HAIKU-4-5   2025-09-29',
      '',
    ]);
    expect(server.requests[0]?.headers['x-api-key']).toBe(CANARY_KEY);
    expectNoSecret(run);
  });

  it('lists by default when no command is given, and shows a dash for fields the gateway omits', async () => {
    const server = await gateway((_, res) => json(res, 200, { object: 'list', data: [{ id: 'gpt-4o' }] }));

    const run = await runCli([], { ANTHROPIC_BASE_URL: server.url });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('gpt-4o  -             -');
  });

  it('draws no progress line when stderr is not a terminal', async () => {
    const server = await modelsGateway(['m']);

    const run = await runCli([], withKey(server.url));

    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('draws a progress line on a terminal and erases it before the table', async () => {
    const server = await modelsGateway(['claude-sonnet-4-5']);

    const run = await runInTerminal(['--base-url', server.url], {});

    expect(run.code).toBe(0);
    expect(run.output).toContain(`Asking ${server.url}/v1/models for its models...`);
    // The line is erased (carriage return + clear line) before the table starts.
    expect(run.output).toMatch(/\r\u001b\[2KID +DISPLAY NAME/);
  });

  it('prints the snapshot as snake_case JSON with --json', async () => {
    const server = await gateway((_, res) => json(res, 200, openaiList(['gpt-4o', 'o3'])));

    const run = await runCli(['list', '--json'], withKey(server.url));

    expect(run.code).toBe(0);
    const snapshot = JSON.parse(run.stdout);
    expect(snapshot).toMatchObject({ discovery_available: true, stale: false, error: null });
    expect(snapshot.models).toEqual([
      { id: 'gpt-4o', created_at: '2023-11-14T22:13:20Z', owned_by: 'openai' },
      { id: 'o3', created_at: '2023-11-14T22:13:20Z', owned_by: 'openai' },
    ]);
    expect(Date.parse(snapshot.last_refreshed)).not.toBeNaN();
    expect(snapshot.sources).toEqual([{ name: 'default', status: 'fresh', count: 2, last_refreshed: snapshot.last_refreshed, error: null }]);
  });

  it('asks an OpenAI-style gateway with --dialect openai, the key as a Bearer token', async () => {
    const server = await gateway((req, res) => (req.url === '/v1/models' ? json(res, 200, openaiList(['gpt-4o'])) : json(res, 404, {})));

    const run = await runCli(['--dialect', 'openai'], withKey(server.url));

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('gpt-4o');
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${CANARY_KEY}`);
    expect(server.requests[0]?.headers['x-api-key']).toBeUndefined();
    expectNoSecret(run);
  });

  it('asks the path given with --models-path', async () => {
    const server = await gateway((req, res) => (req.url?.startsWith('/openai/models') ? json(res, 200, openaiList(['routed-model'])) : json(res, 404, {})));

    const run = await runCli(['--dialect', 'openai', '--models-path', '/openai/models'], withKey(server.url));

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('routed-model');
    expect(server.requests.map((request) => request.url)).toEqual(['/openai/models']);
  });

  it('takes --base-url over ANTHROPIC_BASE_URL', async () => {
    const used = await modelsGateway(['from-flag']);
    const ignored = await modelsGateway(['from-env']);

    const run = await runCli(['--base-url', `${used.url}/v1`], withKey(ignored.url));

    expect(run.stdout).toContain('from-flag');
    expect(ignored.requests).toHaveLength(0);
  });

  it('sends ANTHROPIC_AUTH_TOKEN as a Bearer token', async () => {
    const server = await modelsGateway(['m']);

    const run = await runCli([], { ANTHROPIC_BASE_URL: server.url, ANTHROPIC_AUTH_TOKEN: CANARY_TOKEN });

    expect(run.code).toBe(0);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${CANARY_TOKEN}`);
    expectNoSecret(run);
  });

  it('uses user:password from ANTHROPIC_BASE_URL without printing it', async () => {
    const server = await gateway((_, res) => json(res, 401, { error: { message: `bad password ${CANARY_PASSWORD}` } }));
    const withPassword = server.url.replace('://', `://operator:${CANARY_PASSWORD}@`);

    const run = await runCli(['--verbose'], { ANTHROPIC_BASE_URL: withPassword });

    expect(run.code).toBe(1);
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${btoa(`operator:${CANARY_PASSWORD}`)}`);
    expectNoSecret(run);
  });

  it('asks the gateway with --refresh', async () => {
    const server = await modelsGateway(['m']);

    const run = await runCli(['--refresh'], withKey(server.url));

    expect(run.code).toBe(0);
    expect(server.requests).toHaveLength(1);
  });

  it('logs what discovery did on stderr with --verbose, keeping stdout for the table', async () => {
    const server = await modelsGateway(['a', 'b']);

    const run = await runCli(['--verbose'], withKey(server.url));

    expect(run.stderr).toMatch(/discovered 2 model\(s\)/);
    expect(run.stdout).not.toMatch(/discovered/);
  });
});

describe('model-discovery exit codes', () => {
  it('exits 3 with the not_configured code and shell words (the variable, the flag) when no gateway is configured', async () => {
    const run = await runCli(['list'], {});

    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'model-discovery: not_configured: No gateway is configured. Set it for this shell with: ' +
        'export ANTHROPIC_BASE_URL=http://localhost:4000, or pass --base-url http://localhost:4000.\n',
    );
  });

  it.each([
    ['not a URL', `http://admin:${CANARY_PASSWORD}@[bad`, 'ANTHROPIC_BASE_URL is not a valid URL.'],
    ['not http', `ftp://admin:${CANARY_PASSWORD}@gateway.test`, 'ANTHROPIC_BASE_URL must use http or https.'],
    ['without a scheme', `admin:${CANARY_PASSWORD}@gateway.test`, 'ANTHROPIC_BASE_URL must use http or https.'],
    ['with a query', 'http://gateway.test/?key=1', 'ANTHROPIC_BASE_URL must not contain a query string or a fragment.'],
  ])('exits 3 naming what is wrong with an ANTHROPIC_BASE_URL that is %s, without echoing it', async (_, url, reason) => {
    const run = await runCli([], { ANTHROPIC_BASE_URL: url });

    expect(run.code).toBe(3);
    expect(run.stderr).not.toContain('admin');
    expect(run.stderr).toBe(`model-discovery: not_configured: ${reason} Fix it with: export ANTHROPIC_BASE_URL=http://localhost:4000, or pass --base-url http://localhost:4000.\n`);
    expectNoSecret(run);
  });

  it('puts the shell words in the --json snapshot too, never the library advice', async () => {
    const run = await runCli(['--json'], {});

    expect(run.code).toBe(3);
    const { error } = JSON.parse(run.stdout) as { error: { code: string; message: string } };
    expect(error.code).toBe('not_configured');
    expect(error.message).toMatch(/export ANTHROPIC_BASE_URL=.*--base-url/);
    expect(run.stdout + run.stderr).not.toMatch(/new ModelDiscovery|`baseURL`/);
  });

  it.each([
    ['--api-key', CANARY_KEY],
    [`--api-key=${CANARY_KEY}`],
    ['--auth-token', CANARY_TOKEN],
    ['--token', CANARY_TOKEN],
    ['--x-api-key', CANARY_KEY],
  ])('answers %s with where credentials come from, exits 2 and never echoes the value', async (...args) => {
    const server = await modelsGateway(['m']);

    const run = await runCli([...args, '--base-url', server.url], {});

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^model-discovery: --[\w-]+ is not an option: credentials come from ANTHROPIC_API_KEY \/ ANTHROPIC_AUTH_TOKEN in the environment/);
    expect(run.stderr).toMatch(/\nhint: ANTHROPIC_API_KEY=sk-\.\.\. model-discovery list\n/);
    expect(server.requests).toHaveLength(0);
    expectNoSecret(run);
  });

  it('names an unknown flag in one balanced sentence, not parseArgs\' advice about positionals', async () => {
    const run = await runCli(['--verbos'], {});

    expect(run.code).toBe(2);
    expect(run.stderr).toBe('model-discovery: unknown option --verbos.\nRun "model-discovery --help" for usage.\n');
  });

  it('exits 1 with the error code and its advice when the gateway is down', async () => {
    const server = await modelsGateway([]);
    const { url } = server;
    await server.close();

    const run = await runCli([], withKey(url));

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/network_error: .*Check/);
  });

  it('exits 1 with timeout when the gateway does not answer within --timeout', async () => {
    // Never answers; closing the server ends the request.
    const server = await gateway(() => {});

    const run = await runCli(['--timeout', '300'], withKey(server.url));

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/discovery failed: timeout/);
  });

  it('still prints the snapshot with --json when discovery fails, so a script can read the error', async () => {
    const server = await gateway((_, res) => json(res, 500, { error: 'boom' }));

    const run = await runCli(['--json'], withKey(server.url));

    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ discovery_available: false, models: [], error: { code: 'http_error', status: 500 } });
    expect(run.stderr).toMatch(/http_error \(HTTP 500\)/);
  });

  it.each([
    ['an unknown flag', ['--bogus'], /unknown option --bogus\./],
    ['an unknown short flag', ['-k'], /unknown option -k\./],
    ['an unknown command', ['lst'], /unknown command "lst"/],
    ['a timeout that is not a number', ['--timeout', '5s'], /--timeout takes a whole number/],
    ['a timeout of zero', ['--timeout', '0'], /--timeout/],
    ['a timeout past the timer limit', ['--timeout', '99999999999'], /timeout.*at most/],
    ['a base URL that is not a URL', ['--base-url', 'localhost'], /not a valid URL/],
    ['a base URL that is not http', ['--base-url', 'ftp://gateway.test'], /http or https/],
    ['a base URL with a query', ['--base-url', 'http://gateway.test/?a=1'], /query string/],
    ['a missing flag value', ['--base-url'], /argument missing|--base-url/],
    ['an unknown dialect', ['--dialect', 'klingon'], /--dialect must be one of anthropic, .*got "klingon"/],
    ['a models path without its slash', ['--models-path', 'openai/models'], /--models-path must be a path starting with "\/"/],
  ])('exits 2 for %s, with the usage hint and nothing on stdout', async (_, args, message) => {
    const run = await runCli(args, {});

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/--help/);
  });

  it('refuses a --base-url carrying user:password without contacting it or echoing the password', async () => {
    const server = await modelsGateway(['m']);

    const run = await runCli(['--base-url', server.url.replace('://', `://admin:${CANARY_PASSWORD}@`)], {});

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/must not contain user:password/);
    expect(run.stderr).toMatch(/ANTHROPIC_AUTH_TOKEN/);
    expect(server.requests).toHaveLength(0);
    expectNoSecret(run);
  });

  it('never echoes a malformed --base-url, which may hold a password', async () => {
    const run = await runCli(['--base-url', `http://admin:${CANARY_PASSWORD}@[bad`], {});

    expect(run.code).toBe(2);
    expectNoSecret(run);
  });

  it('prints the help with the exit-code table and exits 0', async () => {
    const run = await runCli(['--help'], {});

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage/);
    expect(run.stdout).toMatch(/Exit codes\n {2}0 +the gateway answered/);
    expect(run.stdout).toMatch(/ANTHROPIC_API_KEY/);
  });

  it('prints the package version with --version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

    const run = await runCli(['--version'], {});

    expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('model-discovery against a hostile gateway', () => {
  it('exits 1 with unauthorized and never prints the key a 401 echoes back', async () => {
    const server = await gateway((req, res) =>
      json(res, 401, { error: { type: 'authentication_error', message: `invalid x-api-key: ${String(req.headers['x-api-key'])}` } }),
    );

    const run = await runCli(['--verbose'], withKey(server.url));

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/unauthorized \(HTTP 401\)/);
    expectNoSecret(run);
  });

  it('does not follow a redirect, so the key never reaches the other origin', async () => {
    const elsewhere = await modelsGateway(['stolen']);
    const server = await gateway((_, res) => {
      res.writeHead(302, { location: `${elsewhere.url}/v1/models` });
      res.end();
    });

    const run = await runCli(['--json'], withKey(server.url));

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/redirect_refused/);
    expect(run.stdout).not.toContain('stolen');
    expect(elsewhere.requests).toHaveLength(0);
    expectNoSecret(run);
  });

  it('exits 1 with invalid_response for a garbage body', async () => {
    const server = await gateway((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`<html>${CANARY_KEY}\u001b[31m not json`);
    });

    const run = await runCli(['--verbose'], withKey(server.url));

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/invalid_response/);
    expect(run.stderr).not.toContain('\u001b[31m');
    expectNoSecret(run);
  });

  it('never prints the key even when the gateway lists it as a model id', async () => {
    const server = await gateway((req, res) =>
      json(res, 200, openaiList([`echo-${String(req.headers['x-api-key'])}`, 'plain-model'])),
    );

    const table = await runCli([], withKey(server.url));
    const asJson = await runCli(['--json'], withKey(server.url));

    expect(table.stdout).toContain('plain-model');
    expect(asJson.stdout).toContain('plain-model');
    expectNoSecret(table);
    expectNoSecret(asJson);
  });

  it('keeps terminal escapes in display names out of the table', async () => {
    const server = await gateway((_, res) =>
      json(res, 200, { data: [{ id: 'evil', display_name: 'Evil\u001b]0;pwned\u0007\u001b[2J' }] }),
    );

    const run = await runCli([], withKey(server.url));

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('evil');
    // eslint-disable-next-line no-control-regex
    expect(run.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });
});

describe('model-discovery as a published binary', () => {
  it('is the package bin: an executable file with a node shebang, included in the tarball', () => {
    const root = new URL('../../', import.meta.url);
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { bin: Record<string, string> };
    const bin = pkg.bin['model-discovery'];
    expect(bin).toBe('./dist/cli.js');

    const file = new URL(bin!, root);
    expect(readFileSync(file, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(file).mode & 0o111).not.toBe(0);

    const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--loglevel=error'], { cwd: root, encoding: 'utf8' })) as [
      { files: { path: string }[] },
    ];
    expect(packed[0].files.map((entry) => entry.path)).toContain('dist/cli.js');
  });
});
