/**
 * The CLI's exit codes, one per kind of outcome, so a script can branch on `$?` without parsing
 * text. Documented in the README; changing a value is a breaking change.
 */
export const EXIT = {
  /** The gateway answered with a model list. */
  ok: 0,
  /** A gateway is configured but discovery failed (timeout, refused, 401, bad body, redirect...). */
  discoveryFailed: 1,
  /** The command line was wrong: unknown flag or command, bad value, credentials in `--base-url`. */
  usage: 2,
  /** No gateway is configured: neither `--base-url` nor a valid `ANTHROPIC_BASE_URL`. */
  notConfigured: 3,
  /** Interrupted (Ctrl-C), following the shell's 128 + SIGINT convention. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
