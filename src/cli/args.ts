import { parseArgs } from 'node:util';

import { describeBaseURLProblem, parseBaseURL } from '../security/base-url.js';
import { withoutControlCharacters } from '../security/text.js';
import { DIALECTS, isDialectName, type DialectName } from '../upstream/dialects/index.js';
import { EXIT } from './exit-codes.js';

/** What the command line asked for, after validation. */
export interface CliArgs {
  command: 'list' | 'help' | 'version';
  baseURL: string | undefined;
  dialect: DialectName | undefined;
  /** Checked by the core's `modelsPath` option check. */
  modelsPath: string | undefined;
  json: boolean;
  refresh: boolean;
  timeout: number | undefined;
  verbose: boolean;
  wide: boolean;
}

/** A mistake on the command line: reported with the usage hint and exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly exitCode = EXIT.usage;
}

const OPTIONS = {
  'base-url': { type: 'string' },
  dialect: { type: 'string' },
  'models-path': { type: 'string' },
  json: { type: 'boolean', default: false },
  refresh: { type: 'boolean', default: false },
  timeout: { type: 'string' },
  verbose: { type: 'boolean', default: false },
  wide: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const;

const COMMANDS = new Set(['list', 'help']);

/** Parses argv (without `node` and the script). Throws `UsageError` for anything it cannot use. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  rejectUnknownOptions(argv);
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // What is left are known flags used wrongly (a missing value, a value given to --json).
    // node's messages name the flag but never echo its value, so they are safe to show.
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`expected one command, got ${positionals.length}: ${positionals.join(' ')}`);
  const command = positionals[0] ?? 'list';
  if (!COMMANDS.has(command)) throw new UsageError(`unknown command "${printable(command)}". The only command is "list".`);

  const baseURL = values['base-url'];
  if (baseURL !== undefined) checkBaseURLFlag(baseURL);

  const dialect = values.dialect;
  if (dialect !== undefined && !isDialectName(dialect)) {
    throw new UsageError(`--dialect must be one of ${Object.keys(DIALECTS).join(', ')}, got "${printable(dialect)}".`);
  }

  return {
    command: values.help || command === 'help' ? 'help' : values.version ? 'version' : 'list',
    baseURL,
    dialect,
    modelsPath: values['models-path'],
    json: values.json,
    refresh: values.refresh,
    timeout: values.timeout === undefined ? undefined : parseTimeout(values.timeout),
    verbose: values.verbose,
    wide: values.wide,
  };
}

// Flags people reach for to pass a credential. None exists on purpose (see the README), so these
// get an answer that says where credentials do come from.
const CREDENTIAL_FLAG = /^(api[-_]?key|x[-_]api[-_]key|auth[-_]?token|token|bearer|key|password|secret)$/i;

const CREDENTIALS_ANSWER =
  'credentials come from ANTHROPIC_API_KEY / ANTHROPIC_AUTH_TOKEN in the environment, never from a flag ' +
  '(a flag lands in shell history and process listings).\nhint: ANTHROPIC_API_KEY=sk-... model-discovery list';

/**
 * Names an unknown flag in our own words. parseArgs' message for it suggests `-- "--flag"` (with
 * a quote it never closes), which is no help here: the command takes no dash-led positionals.
 */
function rejectUnknownOptions(argv: readonly string[]): void {
  const { tokens } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name in OPTIONS) continue;
    // The name only: an inline value (`--api-key=sk-...`) may be the secret itself.
    const flag = `${token.rawName.startsWith('--') ? '--' : '-'}${token.name}`;
    if (CREDENTIAL_FLAG.test(token.name)) throw new UsageError(`${printable(flag)} is not an option: ${CREDENTIALS_ANSWER}`);
    throw new UsageError(`unknown option ${printable(flag)}.`);
  }
}

/**
 * A credential in a flag lands in shell history and in every process listing, so a base URL with
 * `user:password@` is refused outright (never echoed) rather than used with a warning.
 */
function checkBaseURLFlag(value: string): void {
  const parsed = parseBaseURL(value);
  // The problem is told in words, never with the value: a malformed URL may still hold a password.
  if ('problem' in parsed) throw new UsageError(describeBaseURLProblem('--base-url', parsed.problem));
  if (parsed.username || parsed.password) {
    throw new UsageError(
      '--base-url must not contain user:password (a flag lands in shell history and process listings). ' +
        'Set ANTHROPIC_AUTH_TOKEN or ANTHROPIC_API_KEY instead, or put the whole URL in ANTHROPIC_BASE_URL.',
    );
  }
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
