import { parseArgs } from 'node:util';

import { withoutControlCharacters } from '../security/text.js';
import { EXIT } from './exit-codes.js';

/** What the command line asked for, after validation. */
export interface CliArgs {
  command: 'list' | 'help' | 'version';
  baseURL: string | undefined;
  json: boolean;
  refresh: boolean;
  timeout: number | undefined;
  verbose: boolean;
}

/** A mistake on the command line: reported with the usage hint and exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly exitCode = EXIT.usage;
}

const OPTIONS = {
  'base-url': { type: 'string' },
  json: { type: 'boolean', default: false },
  refresh: { type: 'boolean', default: false },
  timeout: { type: 'string' },
  verbose: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const;

const COMMANDS = new Set(['list', 'help']);

/** Parses argv (without `node` and the script). Throws `UsageError` for anything it cannot use. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // node's messages name the flag but never echo its value, so they are safe to show.
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`expected one command, got ${positionals.length}: ${positionals.join(' ')}`);
  const command = positionals[0] ?? 'list';
  if (!COMMANDS.has(command)) throw new UsageError(`unknown command "${printable(command)}". The only command is "list".`);

  const baseURL = values['base-url'];
  if (baseURL !== undefined) checkBaseURLFlag(baseURL);

  return {
    command: values.help || command === 'help' ? 'help' : values.version ? 'version' : 'list',
    baseURL,
    json: values.json,
    refresh: values.refresh,
    timeout: values.timeout === undefined ? undefined : parseTimeout(values.timeout),
    verbose: values.verbose,
  };
}

/**
 * A credential in a flag lands in shell history and in every process listing, so a base URL with
 * `user:password@` is refused outright (never echoed) rather than used with a warning.
 */
function checkBaseURLFlag(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // The value itself is not shown: a malformed URL may still hold a password.
    throw new UsageError('--base-url is not a valid URL. Expected something like "http://localhost:4000".');
  }
  if (url.username || url.password) {
    throw new UsageError(
      '--base-url must not contain user:password (a flag lands in shell history and process listings). ' +
        'Set ANTHROPIC_AUTH_TOKEN or ANTHROPIC_API_KEY instead, or put the whole URL in ANTHROPIC_BASE_URL.',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--base-url must use http or https, got "${printable(url.protocol)}".`);
  if (url.search || url.hash) throw new UsageError('--base-url must not contain a query string or a fragment.');
}

function parseTimeout(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--timeout takes a whole number of milliseconds of 1 or more, got "${printable(value)}".`);
  return Number(value);
}

/** Echoed user input, cut short and without control characters, so it cannot drive the terminal. */
export function printable(value: string): string {
  const clean = withoutControlCharacters(value, '?');
  return clean.length > 80 ? `${clean.slice(0, 77)}...` : clean;
}
