// C0, DEL, C1, and the two Unicode line separators: each can break a terminal line, a log
// record or a JavaScript string literal, so no id, no printed value and no detail may hold one.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS_GLOBAL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** The one control-character rule: ids, printed input and upstream text all use it. */
export function hasControlCharacters(value: string): boolean {
  return CONTROL_CHARACTERS.test(value);
}

/** The text with every control character replaced, so it cannot drive a terminal or split a log line. */
export function withoutControlCharacters(value: string, replacement = ' '): string {
  return value.replace(CONTROL_CHARACTERS_GLOBAL, replacement);
}
