import { DIALECTS } from '../upstream/dialects/index.js';
import { EXIT } from './exit-codes.js';

/** `--help` output. Kept beside the exit-code table it prints, so the two cannot drift. */
export function helpText(version: string): string {
  return `model-discovery ${version}: list the models an LLM gateway can route to

Usage
  model-discovery [list] [options]

Options
  --base-url <url>  the gateway, e.g. http://localhost:4000 (default: $ANTHROPIC_BASE_URL);
                    must not contain user:password, use the environment for credentials
  --dialect <name>  how to ask the gateway: ${Object.keys(DIALECTS).join(', ')} (default: anthropic)
  --models-path <p> the path of the list when the gateway serves it elsewhere, e.g. /openai/models
  --json            print the snapshot as JSON (the shape GET /api/v1/models/available sends)
  --refresh         ask the gateway even if a cached list is held
  --timeout <ms>    deadline for the whole exchange (default: 5000)
  --verbose         log what discovery does on stderr
  --wide            add context window and input/output price (USD per million tokens)
  -h, --help        show this help
  -v, --version     print the version

Environment
  ANTHROPIC_BASE_URL    the gateway, when --base-url is not given
  ANTHROPIC_API_KEY     sent as x-api-key
  ANTHROPIC_AUTH_TOKEN  sent as Authorization: Bearer
  Credentials are read from the environment only, never from flags.

Exit codes
  ${EXIT.ok}    the gateway answered with its model list
  ${EXIT.discoveryFailed}    discovery failed; the error code and what to do are on stderr
  ${EXIT.usage}    usage error (unknown flag, bad value, credentials in --base-url)
  ${EXIT.notConfigured}    no gateway configured (no --base-url, no valid ANTHROPIC_BASE_URL)
  ${EXIT.interrupted}  interrupted
`;
}
