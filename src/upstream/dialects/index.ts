import type { Dialect } from '../dialect.js';
import { anthropic } from './anthropic.js';
import { cursor } from './cursor.js';
import { gemini } from './gemini.js';
import { litellm } from './litellm.js';
import { lmstudio } from './lmstudio.js';
import { ollama } from './ollama.js';
import { openai } from './openai.js';
import { openrouter } from './openrouter.js';

/** Every dialect, by the name the `dialect` option uses. A new dialect is one file here plus one line. */
export const DIALECTS = {
  anthropic,
  openai,
  litellm,
  ollama,
  gemini,
  openrouter,
  lmstudio,
  cursor,
} as const satisfies Record<string, Dialect>;

export type DialectName = keyof typeof DIALECTS;

export function isDialectName(name: unknown): name is DialectName {
  return typeof name === 'string' && Object.hasOwn(DIALECTS, name);
}
