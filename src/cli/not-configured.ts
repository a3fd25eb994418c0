import { baseURLProblemWords, parseBaseURL } from '../security/base-url.js';

const EXAMPLE = 'http://localhost:4000';

/**
 * The CLI's own words for `not_configured`. The core's message speaks to library users ("pass
 * `baseURL` to new ModelDiscovery()"); a shell user needs the variable to export or the flag to
 * pass instead. Only reached without `--base-url`: args.ts has already refused a bad flag, so what
 * is missing or wrong is ANTHROPIC_BASE_URL. Its value is never shown (it may hold a password).
 */
export function notConfiguredMessage(env: Readonly<Record<string, string | undefined>>): string {
  const value = env.ANTHROPIC_BASE_URL;
  const fix = `export ANTHROPIC_BASE_URL=${EXAMPLE}, or pass --base-url ${EXAMPLE}.`;
  if (!value) return `No gateway is configured. Set it for this shell with: ${fix}`;
  const parsed = parseBaseURL(value);
  const problem = 'problem' in parsed ? baseURLProblemWords(parsed.problem) : 'is not a usable http(s) URL';
  return `ANTHROPIC_BASE_URL ${problem}. Fix it with: ${fix}`;
}
