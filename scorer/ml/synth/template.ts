/**
 * A tiny seeded template expander for the synthetic training data. A template is a string with
 * `{slot}` references; each slot is a list of alternatives, which may themselves hold slots. Expansion
 * is deterministic for a given seed, so the generated files are reproducible.
 */

/** Slot name → alternatives. */
export type Grammar = Readonly<Record<string, readonly string[]>>;

/** mulberry32: small, fast, good enough for sampling; the seed makes runs repeatable. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks one element. */
export function pick<T>(rand: () => number, list: readonly T[]): T {
  if (list.length === 0) throw new Error('pick from an empty list');
  return list[Math.floor(rand() * list.length)] as T;
}

const SLOT = /\{([a-zA-Z0-9_]+)\}/g;

/** Expands `template` with `grammar`, recursively (at most 8 levels). */
export function expand(template: string, grammar: Grammar, rand: () => number, depth = 0): string {
  if (depth > 8) throw new Error(`template recursion too deep: ${template}`);
  return template.replace(SLOT, (_, name: string) => {
    const alts = grammar[name];
    if (!alts) throw new Error(`unknown slot {${name}}`);
    return expand(pick(rand, alts), grammar, rand, depth + 1);
  });
}

/** A generated training row. */
export interface SynthRow {
  readonly text: string;
  readonly label: 'injection' | 'jailbreak' | 'benign';
  readonly source: string;
  readonly lang: string;
  /** Which template family made it (for the provenance note and per-family metrics). */
  readonly family: string;
}

/** A family of templates with one label. */
export interface Family {
  readonly name: string;
  readonly label: SynthRow['label'];
  readonly templates: readonly string[];
  /** How many distinct rows to try to produce. */
  readonly count: number;
}

/** Expands every family into distinct rows (duplicates are dropped; a bounded number of tries). */
export function generate(families: readonly Family[], grammar: Grammar, source: string, lang: string, seed: number): SynthRow[] {
  const rand = rng(seed);
  const seen = new Set<string>();
  const rows: SynthRow[] = [];
  for (const f of families) {
    let made = 0;
    for (let tries = 0; made < f.count && tries < f.count * 20; tries++) {
      const text = tidy(resolveParticles(expand(pick(rand, f.templates), grammar, rand)));
      if (seen.has(text)) continue;
      seen.add(text);
      rows.push({ text, label: f.label, source, lang, family: f.name });
      made++;
    }
  }
  return rows;
}

/** Collapses doubled spaces left by empty alternatives and trims. */
function tidy(s: string): string {
  return s.replace(/[ \t]{2,}/g, ' ').replace(/ ([,.!?])/g, '$1').trim();
}

/**
 * Korean particles depend on the word before them: templates write `[을]`, `[은]`, `[이]`, `[가]`,
 * `[으로]` and this picks 을/를, 은/는, 이/∅, 이/가, 으로/로 from the preceding syllable's final
 * consonant (Latin letters and digits count as vowel endings, closing quotes are skipped).
 */
export function resolveParticles(s: string): string {
  return s.replace(/\[(을|은|이|가|으로)\]/g, (_m, p: string, offset: number) => {
    let i = offset - 1;
    while (i >= 0 && /["'”’)\s]/.test(s[i] as string)) i--;
    const c = i >= 0 ? s.charCodeAt(i) : 0;
    const isSyllable = c >= 0xac00 && c <= 0xd7a3;
    const final = isSyllable ? (c - 0xac00) % 28 : 0;
    const closed = final !== 0;
    switch (p) {
      case '을':
        return closed ? '을' : '를';
      case '은':
        return closed ? '은' : '는';
      case '이':
        return closed ? '이' : '';
      case '가':
        return closed ? '이' : '가';
      default:
        return closed && final !== 8 ? '으로' : '로';
    }
  });
}
