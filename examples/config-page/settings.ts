import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The three tiers an operator assigns a model to. */
export const TIERS = ['tier1', 'tier2', 'tier3'] as const;
export type Tier = (typeof TIERS)[number];

/** What is saved: one model id per tier (`''` when unassigned) and when it was saved. */
export interface TierSettings {
  tiers: Record<Tier, string>;
  saved_at: string | null;
}

const EMPTY: TierSettings = { tiers: { tier1: '', tier2: '', tier3: '' }, saved_at: null };

// The same rule the library applies to discovered ids: free text is allowed, but not anything.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Checks a request body; returns the tiers or a message saying what is wrong with it. */
export function parseTiers(body: unknown): Record<Tier, string> | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'expected a JSON object with tier1, tier2 and tier3.';
  const tiers = {} as Record<Tier, string>;
  for (const tier of TIERS) {
    const value = (body as Record<string, unknown>)[tier] ?? '';
    if (typeof value !== 'string') return `${tier} must be a string.`;
    const id = value.trim();
    if (id.length > 256) return `${tier} must be at most 256 characters.`;
    if (CONTROL.test(id)) return `${tier} must not contain control characters.`;
    tiers[tier] = id;
  }
  return tiers;
}

/** The tier choices, kept in one JSON file. Writes go to a temporary file and are renamed into place. */
export class SettingsFile {
  constructor(readonly path: string) {}

  async read(): Promise<TierSettings> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY;
      throw error;
    }
    const saved = JSON.parse(text) as Partial<TierSettings>;
    const tiers = parseTiers(saved.tiers);
    return typeof tiers === 'string' ? EMPTY : { tiers, saved_at: typeof saved.saved_at === 'string' ? saved.saved_at : null };
  }

  async write(tiers: Record<Tier, string>): Promise<TierSettings> {
    const settings: TierSettings = { tiers, saved_at: new Date().toISOString() };
    await mkdir(dirname(this.path), { recursive: true });
    // One temporary file per write: two saves at once must not rename each other's file away.
    const temporary = `${this.path}.${process.pid}.${randomUUID()}.tmp`;
    await writeFile(temporary, `${JSON.stringify(settings, null, 2)}\n`);
    await rename(temporary, this.path);
    return settings;
  }
}
