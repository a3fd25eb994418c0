import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { secretsIn } from '../support/cli.js';
import { startLocalServer, type LocalServer } from '../support/local-server.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { documentationFiles, root, runSnippetFile, snippetsIn, type Snippet } from '../support/snippets.js';
import { anthropicPage, CANARY_KEY, CANARY_TOKEN } from '../support/upstream.js';

// Every ```ts / ```js block of README.md and docs/*.md, typechecked (strict, NodeNext, against the
// built package's own types, as a user's project sees them) and run with tsx against a gateway on
// 127.0.0.1 (and a real Redis for the snippets that use one), with canary credentials that must
// never appear in what a snippet prints. test/support/snippets.ts says how a block opts out or
// runs as a server. The built package is imported by name: scripts/test.sh builds first.

const run = promisify(execFile);
const snippets = documentationFiles().flatMap((file) => snippetsIn(file));
const runnable = snippets.filter((snippet) => !snippet.skip);
const inline = runnable.filter((snippet) => !snippet.as);
const needsRedis = runnable.some((snippet) => /redis/i.test(snippet.code));

const dir = `${root}/.artifacts/snippets`;
const fileOf = (snippet: Snippet) => `${snippet.file.replace(/\.md$/, '').replaceAll('/', '-')}-${snippet.line}.${snippet.lang === 'ts' ? 'ts' : 'mjs'}`;

let gateway: LocalServer;
let redis: RedisServer | undefined;

/** Two pages in the Anthropic shape, as the Anthropic API and LiteLLM's Anthropic route page. */
function fakeGateway(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://gateway.invalid');
  res.setHeader('content-type', 'application/json');
  if (req.method === 'GET' && url.pathname === '/v1/models') {
    const second = url.searchParams.get('after_id') === 'claude-haiku-4-5';
    res.end(JSON.stringify(second ? anthropicPage(['openai/gpt-4o', 'llama3:8b']) : anthropicPage(['claude-sonnet-4-5', 'claude-haiku-4-5'], true)));
    return;
  }
  // Whatever else a gateway example forwards (POST /v1/messages).
  res.end(JSON.stringify({ type: 'message', id: 'msg_1', content: [] }));
}

beforeAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // No `paths` here (unlike the repository's tsconfig): `model-discovery` resolves through the
  // package's own exports to dist/, exactly as in a user's project.
  writeFileSync(
    `${dir}/tsconfig.json`,
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023', 'DOM', 'DOM.Iterable'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        skipLibCheck: true,
        types: ['node'],
        noEmit: true,
      },
      include: ['*.ts'],
    }),
  );
  for (const snippet of inline) writeFileSync(`${dir}/${fileOf(snippet)}`, `${snippet.code}\n`);
  gateway = await startLocalServer(fakeGateway);
  if (needsRedis) redis = await startRedis();
});

afterAll(async () => {
  await gateway?.close();
  await redis?.stop();
});

describe('the documentation snippets', () => {
  it('are found, and every skipped one says why', () => {
    expect(snippets.length).toBeGreaterThan(0);
    const skipped = snippets.filter((snippet) => snippet.skip);
    console.log(`${snippets.length} snippets in ${documentationFiles().join(', ')}: ${runnable.length} run, ${skipped.length} skipped${skipped.map((s) => `\n  ${s.where}: ${s.skip}`).join('')}`);
    for (const snippet of skipped) expect(snippet.skip).toMatch(/\w/);
  });

  it.runIf(inline.some((snippet) => snippet.lang === 'ts'))('typecheck under strict settings against the published types', async () => {
    const tsc = `${root}/node_modules/typescript/bin/tsc`;
    const errors = await run(process.execPath, [tsc, '-p', `${dir}/tsconfig.json`, '--pretty', 'false'], { cwd: root }).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    // tsc names the generated file and a line in it; say where that is in the Markdown instead.
    const located = errors.replace(/^(?:\S*\/)?([^\s/]+?)-(\d+)\.ts\((\d+),(\d+)\)/gm, (_, file: string, fence: string, line: string) => {
      const source = snippets.find((snippet) => fileOf(snippet) === `${file}-${fence}.ts`);
      return source ? `${source.file}:${Number(fence) + Number(line)}` : `${file}-${fence}.ts(${line})`;
    });
    expect(located).toBe('');
  }, 120_000);

  it.each(snippets.map((snippet) => [snippet.where + (snippet.skip ? ` (skipped: ${snippet.skip})` : snippet.server ? ' (server)' : ''), snippet] as const))(
    '%s runs',
    async (_, snippet) => {
      if (snippet.skip) return;
      if (snippet.as) expect(snippet.code, `${snippet.where} must show ${snippet.as} verbatim`).toBe(readFileSync(`${root}/${snippet.as}`, 'utf8').trimEnd());
      const env: Record<string, string> = {
        ANTHROPIC_BASE_URL: gateway.url,
        ANTHROPIC_API_KEY: CANARY_KEY,
        LITELLM_BASE_URL: gateway.url,
        LITELLM_API_KEY: CANARY_TOKEN,
        PORT: '0',
        ADMIN_TOKEN: 'admin-token',
        SETTINGS_FILE: `${dir}/${fileOf(snippet)}.settings.json`,
        ...(redis ? { REDIS_URL: redis.url } : {}),
      };
      const result = await runSnippetFile(snippet.as ? `${root}/${snippet.as}` : `${dir}/${fileOf(snippet)}`, {
        // In place for an example file, so its relative imports resolve; else beside the tsconfig above.
        cwd: snippet.as ? root : dir,
        env,
        ...(snippet.server ? { server: snippet.server } : {}),
        timeoutMs: 30_000,
      });
      const report = `${snippet.where} (${snippet.as ?? fileOf(snippet)}) printed:\n${result.output}`;
      if (snippet.server) {
        expect(result.status, report).toBeGreaterThanOrEqual(200);
        expect(result.status, report).toBeLessThan(300);
      } else {
        expect({ code: result.code, signal: result.signal }, report).toEqual({ code: 0, signal: null });
      }
      expect(secretsIn(result.output), report).toEqual([]);
    },
    60_000,
  );
});

describe('the Redis snippet', () => {
  // It used to await store.disconnect(), whose close() waits for the commands queued while Redis
  // was unreachable: with Redis down the promise never settled and Node exited 13 (unsettled
  // top-level await) after printing the list.
  it('exits 0 after printing the list when Redis is down', async () => {
    const snippet = runnable.find((candidate) => candidate.code.includes('@keyv/redis'));
    expect(snippet, 'the README has a Redis snippet').toBeDefined();
    const closed = await startLocalServer(() => {});
    await closed.close();

    const result = await runSnippetFile(snippet!.as ? `${root}/${snippet!.as}` : `${dir}/${fileOf(snippet!)}`, {
      cwd: snippet!.as ? root : dir,
      env: { ANTHROPIC_BASE_URL: gateway.url, ANTHROPIC_API_KEY: CANARY_KEY, REDIS_URL: `redis://127.0.0.1:${closed.port}` },
      timeoutMs: 30_000,
    });

    expect({ code: result.code, signal: result.signal }, result.output).toEqual({ code: 0, signal: null });
    expect(result.output).toMatch(/4 model\(s\), refreshed at \d{4}-/);
    expect(result.output).toMatch(/shared store failed/);
    expect(secretsIn(result.output)).toEqual([]);
  }, 60_000);
});

describe('the snippet runner itself', () => {
  const markdown = [
    '# Doc',
    '<!-- snippet: skip a type signature -->',
    '```ts',
    'declare function f(): void;',
    '```',
    '',
    '<!-- snippet: server /v1/models as examples/x.ts -->',
    '',
    '```ts',
    'serve();',
    '```',
    '```sh',
    'echo not a snippet',
    '```',
    '```js',
    'await new Promise(() => {});',
    '```',
  ].join('\n');

  it('reads the directives and the line of each block', () => {
    expect(snippetsIn('docs/x.md', markdown)).toEqual([
      { where: 'docs/x.md:3', file: 'docs/x.md', line: 3, lang: 'ts', code: 'declare function f(): void;', skip: 'a type signature' },
      { where: 'docs/x.md:9', file: 'docs/x.md', line: 9, lang: 'ts', code: 'serve();', server: { path: '/v1/models' }, as: 'examples/x.ts' },
      { where: 'docs/x.md:15', file: 'docs/x.md', line: 15, lang: 'js', code: 'await new Promise(() => {});' },
    ]);
  });

  it('refuses a skip without a reason and an unknown directive, naming the place', () => {
    expect(() => snippetsIn('README.md', '<!-- snippet: skip -->\n```ts\nx\n```')).toThrow(/README\.md:2: "snippet: skip" needs a reason/);
    expect(() => snippetsIn('README.md', '<!-- snippet: sometimes -->\n```ts\nx\n```')).toThrow(/README\.md:2: unknown snippet directive/);
  });

  it('reports a snippet that never settles (Node exits 13) as a failure', async () => {
    writeFileSync(`${dir}/runner-self-test.mjs`, 'console.log("before");\nawait new Promise(() => {});\n');
    const result = await runSnippetFile(`${dir}/runner-self-test.mjs`, { cwd: dir, env: {}, timeoutMs: 30_000 });
    expect(result.code).toBe(13);
    expect(result.output).toContain('before');
  }, 60_000);
});
