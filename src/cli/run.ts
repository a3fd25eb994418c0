import packageJson from '../../package.json' with { type: 'json' };
import type { Logger } from '../security/safe-log.js';
import { ModelDiscovery } from '../discovery/model-discovery.js';
import { parseCustomHeaders } from '../discovery/options.js';
import { secretsOf } from '../security/secrets.js';
import { Redactor } from '../security/redact.js';
import type { Snapshot } from '../model/schema.js';
import { toWireSnapshot } from '../model/wire.js';
import { parseCliArgs, UsageError, type CliArgs } from './args.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { helpText } from './help.js';
import { startProgress, type ProgressStream } from './progress.js';
import { notConfiguredMessage } from './not-configured.js';
import { formatSources, showsSources } from './sources.js';
import { formatTable } from './table.js';

const USAGE_HINT = 'Run "model-discovery --help" for usage.\n';

/** Everything the CLI touches in its process, injectable so it can run inside a test. */
export interface CliIO {
  stdout: { write(chunk: string): unknown };
  stderr: ProgressStream;
  env: Readonly<Record<string, string | undefined>>;
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal;
}

/** Runs one invocation and resolves to its exit code; never throws for a user-caused problem. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  // Last guard over everything printed: no configured credential can reach the terminal, even
  // through upstream text the core did not expect (a model id echoing the key, say).
  const redactor = new Redactor(secretsIn(io.env));
  const out = (text: string) => io.stdout.write(redactor.redact(text));
  const err = (text: string) => io.stderr.write(redactor.redact(text));

  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`model-discovery: ${error.message}\n${USAGE_HINT}`);
    return EXIT.usage;
  }
  if (args.command === 'help') {
    out(helpText(packageJson.version));
    return EXIT.ok;
  }
  if (args.command === 'version') {
    out(`${packageJson.version}\n`);
    return EXIT.ok;
  }

  let discovery: ModelDiscovery;
  try {
    discovery = new ModelDiscovery({
      env: io.env,
      ...(args.baseURL !== undefined ? { baseURL: args.baseURL } : {}),
      ...(args.dialect !== undefined ? { dialect: args.dialect } : {}),
      ...(args.modelsPath !== undefined ? { modelsPath: args.modelsPath } : {}),
      ...(args.timeout !== undefined ? { timeout: args.timeout } : {}),
      ...(args.verbose ? { logger: lineLogger(err) } : {}),
    });
  } catch (error) {
    // Option errors are TypeErrors whose messages never echo credentials; they name the option,
    // which the command line calls by its flag.
    err(`${inFlagWords((error as Error).message)}\n${USAGE_HINT}`);
    return EXIT.usage;
  }

  const gateway = (discovery.toJSON() as { gateway: string | null }).gateway;
  const progress = startProgress(args.verbose ? { write: () => undefined } : io.stderr, `Asking ${gateway ?? 'the gateway'} for its models...`);
  let snapshot: Snapshot;
  try {
    snapshot = await discovery.getModels({ refresh: args.refresh, ...(io.signal ? { signal: io.signal } : {}) });
  } catch (error) {
    progress.stop();
    if (io.signal?.aborted) {
      err('model-discovery: interrupted\n');
      return EXIT.interrupted;
    }
    throw error;
  }
  progress.stop();

  // not_configured is told in shell words (the variable to export, the flag to pass), on stderr
  // and in --json alike; the core's message speaks to library users.
  if (snapshot.error?.code === 'not_configured') snapshot = inShellWords(snapshot, notConfiguredMessage(io.env));
  if (args.json) out(`${JSON.stringify(toWireSnapshot(snapshot), null, 2)}\n`);
  else {
    if (snapshot.discoveryAvailable) out(formatTable(snapshot.models, { wide: args.wide }));
    // Several sources: which of them answered, and which did not, under the list they made.
    if (showsSources(snapshot.sources)) out(`${snapshot.discoveryAvailable ? '\n' : ''}${formatSources(snapshot.sources)}`);
  }
  return report(snapshot, err);
}

/** The snapshot with every not_configured message (the whole and each source's) replaced by the CLI's. */
function inShellWords(snapshot: Snapshot, message: string): Snapshot {
  const replaced = (error: Snapshot['error']) => (error?.code === 'not_configured' ? { code: error.code, message } : error);
  return { ...snapshot, error: replaced(snapshot.error), sources: snapshot.sources.map((source) => ({ ...source, error: replaced(source.error) })) };
}

/** Says on stderr what went wrong and what to do, and picks the exit code. */
function report(snapshot: Snapshot, err: (text: string) => void): ExitCode {
  const error = snapshot.error;
  if (error === null) return EXIT.ok;
  if (error.code === 'not_configured') {
    err(`model-discovery: not_configured: ${error.message}\n`);
    return EXIT.notConfigured;
  }
  const status = error.status === undefined ? '' : ` (HTTP ${error.status})`;
  err(`model-discovery: discovery failed: ${error.code}${status}: ${error.message}\n`);
  return EXIT.discoveryFailed;
}

const FLAG_OF_OPTION: ReadonlyArray<[string, string]> = [
  ['`baseURL`', '--base-url'],
  ['`dialect`', '--dialect'],
  ['`modelsPath`', '--models-path'],
  ['`timeout`', '--timeout'],
];

function inFlagWords(message: string): string {
  return FLAG_OF_OPTION.reduce((text, [option, flag]) => text.replaceAll(option, flag), message);
}

function lineLogger(err: (text: string) => void): Logger {
  const line = (message: string) => err(`${message}\n`);
  return { debug: line, info: line, warn: line, error: line };
}

function secretsIn(env: CliIO['env']): string[] {
  return secretsOf({
    baseURL: env.ANTHROPIC_BASE_URL,
    apiKey: env.ANTHROPIC_API_KEY,
    authToken: env.ANTHROPIC_AUTH_TOKEN,
    headers: parseCustomHeaders(env.ANTHROPIC_CUSTOM_HEADERS),
  });
}
