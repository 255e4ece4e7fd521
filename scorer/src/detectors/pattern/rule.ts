/**
 * Pattern rules: a regular expression over the folded (lowercased, de-obfuscated) view, a weight, a
 * category, and the literal words that must occur for the rule to be worth running. The literals feed
 * one combined prefilter scan, so ordinary text never runs most rules.
 */
import type { Category } from '../../engine/types';

export type RuleLang = 'en' | 'ko' | 'de' | 'ja' | 'zh' | 'any';

/** A compiled rule. */
export interface PatternRule {
  readonly id: string;
  readonly category: Category;
  /** 0..1: how sure a single match makes us. */
  readonly weight: number;
  readonly lang: RuleLang;
  /** Lowercase literals; the rule runs when any of them occurs in the text (in windows around them). */
  readonly needs: readonly string[];
  /** A second set, of which one must also occur somewhere in the text (cuts wake-ups on common words). */
  readonly alsoNeeds?: readonly string[];
  /** Global regex over the folded view. */
  readonly re: RegExp;
  /** A negation right before the match ("never reveal the system prompt") cancels it. */
  readonly negatable: boolean;
  /** When set, the ORIGINAL text of the match must also match this (case matters: `DAN` vs `Dan`). */
  readonly original?: RegExp;
}

/**
 * In rule sources a plain space stands for "any run of whitespace, `_` or `-`, possibly empty": attackers
 * squeeze or pad words, and letters spread out with spaces are joined by the normaliser.
 */
const GAP = '[\\s_\\-]*';

/** Compiles one rule. `source` must not contain spaces inside character classes (use `\s`). */
export function rule(
  id: string,
  category: Category,
  weight: number,
  lang: RuleLang,
  needs: readonly string[],
  source: string,
  opts: { negatable?: boolean; original?: RegExp; alsoNeeds?: readonly string[] } = {},
): PatternRule {
  if (weight <= 0 || weight > 1) throw new Error(`rule ${id}: weight out of range`);
  if (needs.length === 0) throw new Error(`rule ${id}: needs at least one literal`);
  for (const n of [...needs, ...(opts.alsoNeeds ?? [])]) if (n !== n.toLowerCase() || n.length === 0) throw new Error(`rule ${id}: literal "${n}" must be lowercase`);
  if (spaceInClass(source)) throw new Error(`rule ${id}: a space inside a character class; use \\s`);
  return {
    id,
    category,
    weight,
    lang,
    needs,
    re: new RegExp(source.replace(/ /g, GAP), 'g'),
    negatable: opts.negatable ?? false,
    ...(opts.alsoNeeds ? { alsoNeeds: opts.alsoNeeds } : {}),
    ...(opts.original ? { original: opts.original } : {}),
  };
}

/**
 * True when some unescaped character of a regex source satisfies `test`, which is told whether the
 * character sits inside a `[...]` class and what precedes it.
 */
export function someSourceChar(source: string, test: (c: string, inClass: boolean, prev: string | undefined) => boolean): boolean {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === '\\') {
      i++;
      continue;
    }
    if (test(c, inClass, source[i - 1])) return true;
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
  }
  return false;
}

/** True when a literal space appears inside `[...]` (it would be rewritten into a gap and break the class). */
function spaceInClass(source: string): boolean {
  return someSourceChar(source, (c, inClass) => inClass && c === ' ');
}
