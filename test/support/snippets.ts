import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { codeBlocks } from './markdown.js';

/**
 * The documentation's code, as the snippet tests run it. A ```ts / ```js block in README.md or
 * docs/*.md is a snippet; the HTML comment on the line before it may say how to run it:
 *
 *   <!-- snippet: skip why -->                  a fragment (a signature, a shape): not run, counted
 *   <!-- snippet: server -->                    runs until it prints http://127.0.0.1:<port>...,
 *                                               which must answer a GET with 2xx; then SIGTERM
 *   <!-- snippet: server /v1/models -->         the same, GETting this path of the printed origin
 *   <!-- snippet: as examples/x.ts -->          the block is that file, verbatim; the file runs in
 *                                               place (its relative imports work there)
 *
 * Anything else is a script that must exit 0 on its own.
 */

export const root = fileURLToPath(new URL('../..', import.meta.url));

export interface Snippet {
  /** Where it is written, e.g. `README.md:169`. */
  where: string;
  file: string;
  line: number;
  lang: 'ts' | 'js';
  code: string;
  skip?: string;
  server?: { path: string | undefined };
  /** The example file the block shows, relative to the repository. */
  as?: string;
}

const LANGS: Record<string, 'ts' | 'js'> = { ts: 'ts', typescript: 'ts', js: 'js', javascript: 'js', mjs: 'js' };

/** README.md, then docs/*.md in name order. */
export function documentationFiles(): string[] {
  let docs: string[] = [];
  try {
    docs = readdirSync(`${root}/docs`).filter((name) => name.endsWith('.md')).sort().map((name) => `docs/${name}`);
  } catch {
    // No docs/ folder yet.
  }
  return ['README.md', ...docs];
}

export function snippetsIn(file: string, markdown = readFileSync(`${root}/${file}`, 'utf8')): Snippet[] {
  return codeBlocks(markdown).flatMap((block) => {
    const lang = LANGS[block.lang];
    if (!lang) return [];
    const snippet: Snippet = { where: `${file}:${block.line}`, file, line: block.line, lang, code: block.code };
    return [{ ...snippet, ...parseDirective(block.directive, snippet.where) }];
  });
}

function parseDirective(directive: string | undefined, where: string): Partial<Snippet> {
  if (directive === undefined) return {};
  const words = directive.split(/\s+/).filter(Boolean);
  if (words[0] === 'skip') {
    const why = words.slice(1).join(' ');
    if (!why) throw new Error(`${where}: "snippet: skip" needs a reason, e.g. <!-- snippet: skip a type signature -->`);
    return { skip: why };
  }
  const parsed: Partial<Snippet> = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === 'server') parsed.server = { path: words[i + 1]?.startsWith('/') ? words[++i] : undefined };
    else if (word === 'as' && words[i + 1]) parsed.as = words[++i];
    else throw new Error(`${where}: unknown snippet directive "${directive}" (expected skip <why>, server [/path], as <file>)`);
  }
  return parsed;
}

export interface SnippetRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  /** For a server snippet: the URL it printed and the status it answered there. */
  url?: string;
  status?: number;
}

const tsx = createRequire(import.meta.url).resolve('tsx');

/**
 * Runs one file with tsx in its own process and the environment given (plus PATH), from `cwd`.
 * A script must exit within `timeoutMs`; a server must print its URL within it and is then asked
 * once and stopped.
 */
export function runSnippetFile(
  path: string,
  options: { cwd: string; env: Record<string, string>; server?: { path: string | undefined }; timeoutMs: number },
): Promise<SnippetRun> {
  const child = spawn(process.execPath, ['--import', tsx, path], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));

  return new Promise((resolve) => {
    let finished = false;
    let stopping = false;
    const finish = (run: Partial<SnippetRun>) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      void exited.then(({ code, signal }) => resolve({ code, signal, output, ...run }));
    };
    const timer = setTimeout(() => {
      output += `\n[snippet runner] ${options.server ? 'printed no http://127.0.0.1 URL' : 'did not exit'} within ${options.timeoutMs} ms (a handle left open, or a promise that never settles)`;
      finish({});
    }, options.timeoutMs);
    void exited.then(({ code, signal }) => {
      if (finished || stopping) return;
      if (options.server) output += '\n[snippet runner] the server exited before printing its URL';
      finished = true;
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
    if (!options.server) return;
    const server = options.server;
    const onData = async () => {
      const match = /http:\/\/127\.0\.0\.1:\d+[^\s'"`]*/.exec(output);
      if (!match || stopping) return;
      stopping = true;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stderr.off('data', onData);
      const printed = new URL(match[0]);
      const url = server.path ? new URL(server.path, printed.origin).href : printed.href;
      let status = 0;
      try {
        const answer = await fetch(url, { signal: AbortSignal.timeout(10_000) });
        status = answer.status;
        output += `\n[snippet runner] GET ${url} -> ${status}: ${(await answer.text()).slice(0, 300)}`;
      } catch (error) {
        output += `\n[snippet runner] GET ${url} failed: ${String(error)}`;
      }
      // A clean stop on SIGTERM, as the examples promise; finish() only kills what did not stop.
      child.kill('SIGTERM');
      const stopped = await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (!stopped) output += '\n[snippet runner] did not stop within 5 s of SIGTERM';
      finish({ url, status });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
}
