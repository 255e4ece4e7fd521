/**
 * A rule set with its prefilter: one literal scan over a view decides which rules are worth running and
 * where (windows around their literals), and, for rules whose matches must start with a known literal,
 * at which positions a match can start at all.
 */
import { LiteralScanner } from './literal-scanner';
import { someSourceChar, type PatternRule } from './rule';
import { startPrefixes } from './rule-starts';

/**
 * How far a match may reach from one of its rule's literals. Rules are run only in windows around
 * literal hits, so a benign 32 KB prompt costs one literal scan plus a few short regex runs.
 */
export const WINDOW_BEFORE = 160;
export const WINDOW_AFTER = 240;
/** Rules anchored with `^`/`$` get windows stretched to whole lines, at most this much further. */
const LINE_SLACK = 1000;
/** Window edges move outward to whitespace (at most this far) so `\b` never sees a cut word. */
const EDGE_SLACK = 40;

/** Rule positions to try: `[start, end)` windows of the text, ascending and disjoint. */
export type Windows = Array<[number, number]>;

/** One rule to run on a text. */
export interface PlannedRule {
  readonly rule: number;
  readonly windows: Windows;
  /**
   * For rules with start prefixes: every position of the text where a match can start, ascending.
   * Trying the rule's sticky regex only there finds what the global regex finds in the windows.
   */
  readonly heads?: readonly number[];
}

/** A rule set with its prefilter. */
export class RuleSet {
  readonly rules: readonly PatternRule[];
  readonly #scanner: LiteralScanner;
  /** Literal id → rule indices that need it. */
  readonly #rulesOf: number[][];
  /** Literal id → rule indices whose `alsoNeeds` it satisfies. */
  readonly #confirms: number[][] = [];
  /** Literal id → rule indices whose matches may start with it. */
  readonly #headsOf: number[][] = [];
  /** Rules whose sources use `^` or `$`: their windows start and end at line breaks. */
  readonly #anchored: boolean[];
  /** Per rule: a sticky copy of its regex when every match starts with one of its start prefixes. */
  readonly #sticky: Array<RegExp | undefined>;
  // Scratch state of `plan`, per rule, reused across calls (plans run synchronously, one at a time).
  #epoch = 0;
  readonly #wokenAt: Int32Array;
  readonly #confirmedAt: Int32Array;
  readonly #plannedAt: Int32Array;
  readonly #starts: number[][];
  readonly #heads: number[][];

  constructor(rules: readonly PatternRule[]) {
    const ids = new Set<string>();
    for (const r of rules) {
      if (ids.has(r.id)) throw new Error(`duplicate pattern rule id ${r.id}`);
      ids.add(r.id);
    }
    this.rules = rules;
    this.#rulesOf = [];
    const literalIds = new Map<string, number>();
    const idOf = (lit: string): number => {
      let id = literalIds.get(lit);
      if (id === undefined) {
        id = literalIds.size;
        literalIds.set(lit, id);
        this.#rulesOf.push([]);
        this.#confirms.push([]);
        this.#headsOf.push([]);
      }
      return id;
    };
    this.#sticky = rules.map((r, i) => {
      for (const lit of r.needs) (this.#rulesOf[idOf(lit)] as number[]).push(i);
      for (const lit of r.alsoNeeds ?? []) (this.#confirms[idOf(lit)] as number[]).push(i);
      const prefixes = startPrefixes(r.re);
      if (prefixes === undefined) return undefined;
      for (const lit of prefixes) (this.#headsOf[idOf(lit)] as number[]).push(i);
      return new RegExp(r.re.source, 'y');
    });
    this.#scanner = new LiteralScanner([...literalIds.keys()]);
    this.#anchored = rules.map((r) => usesAnchors(r.re.source));
    this.#wokenAt = new Int32Array(rules.length).fill(-1);
    this.#confirmedAt = new Int32Array(rules.length).fill(-1);
    this.#plannedAt = new Int32Array(rules.length).fill(-1);
    this.#starts = rules.map(() => []);
    this.#heads = rules.map(() => []);
  }

  /** The sticky regex of rule `i` (defined when plans carry `heads` for it). */
  sticky(i: number): RegExp | undefined {
    return this.#sticky[i];
  }

  /** Rules worth running on `text`, each with the windows to run it in; ascending rule order. */
  plan(text: string): PlannedRule[] {
    const count = this.#scanner.scanAll(text);
    const pairs = this.#scanner.pairs;
    const lits = this.#scanner.literals;
    // Per-rule state is stamped with this call's epoch instead of being cleared.
    const epoch = this.#nextEpoch();
    const woken: number[] = [];
    for (let k = 0; k < count; k++) {
      const id = pairs[2 * k] as number;
      const start = (pairs[2 * k + 1] as number) - (lits[id] as string).length;
      for (const r of this.#rulesOf[id] as number[]) {
        const list = this.#starts[r] as number[];
        if (this.#wokenAt[r] !== epoch) {
          this.#wokenAt[r] = epoch;
          list.length = 0;
          woken.push(r);
        }
        list.push(start);
      }
      for (const r of this.#confirms[id] as number[]) this.#confirmedAt[r] = epoch;
    }
    sortNumbers(woken);
    const plan: PlannedRule[] = [];
    let sticky = false;
    for (const rule of woken) {
      if (this.rules[rule]?.alsoNeeds !== undefined && this.#confirmedAt[rule] !== epoch) continue;
      const windows = windowsAround(text, this.#starts[rule] as number[], this.#anchored[rule] === true);
      if (this.#sticky[rule] === undefined) {
        plan.push({ rule, windows });
        continue;
      }
      this.#plannedAt[rule] = epoch;
      (this.#heads[rule] as number[]).length = 0;
      sticky = true;
      plan.push({ rule, windows, heads: this.#heads[rule] as number[] });
    }
    if (!sticky) return plan;
    // Second pass, only for the sticky rules that run: where their start prefixes occur.
    for (let k = 0; k < count; k++) {
      const id = pairs[2 * k] as number;
      for (const r of this.#headsOf[id] as number[]) {
        if (this.#plannedAt[r] === epoch) (this.#heads[r] as number[]).push((pairs[2 * k + 1] as number) - (lits[id] as string).length);
      }
    }
    return plan.map((p) => (p.heads === undefined ? p : { rule: p.rule, windows: p.windows, heads: ascendingUnique(p.heads as number[]) }));
  }

  #nextEpoch(): number {
    if (this.#epoch === 0x7fffffff) {
      this.#epoch = 0;
      for (const a of [this.#wokenAt, this.#confirmedAt, this.#plannedAt]) a.fill(-1);
    }
    return ++this.#epoch;
  }

  /** Indices of rules whose literals occur in `text`, ascending. */
  candidates(text: string): number[] {
    return this.plan(text).map((p) => p.rule);
  }
}

/** Ascending insertion sort: the lists here are short and nearly sorted already. */
function sortNumbers(xs: number[]): void {
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i] as number;
    let j = i - 1;
    while (j >= 0 && (xs[j] as number) > x) {
      xs[j + 1] = xs[j] as number;
      j--;
    }
    xs[j + 1] = x;
  }
}

/** A sorted copy without repeats (prefixes of different lengths can start at one position). */
function ascendingUnique(xs: number[]): number[] {
  sortNumbers(xs);
  const out: number[] = [];
  for (const x of xs) if (out.length === 0 || out[out.length - 1] !== x) out.push(x);
  return out;
}

/** Merged windows around literal starts, widened to whitespace (or to line breaks for anchored rules). */
function windowsAround(text: string, starts: number[], lines: boolean): Windows {
  const out: Windows = [];
  const n = text.length;
  for (const p of starts) {
    let ws = Math.max(0, p - WINDOW_BEFORE);
    let we = Math.min(n, p + WINDOW_AFTER);
    if (lines) {
      const nl = ws === 0 ? -1 : text.lastIndexOf('\n', ws);
      if (nl < 0 ? ws <= LINE_SLACK : ws - nl <= LINE_SLACK) ws = nl + 1;
      const next = text.indexOf('\n', we);
      we = next < 0 ? (n - we <= LINE_SLACK ? n : we) : next - we <= LINE_SLACK ? next : we;
    } else {
      for (let k = 0; k < EDGE_SLACK && ws > 0 && !isSpace(text.charCodeAt(ws - 1)); k++) ws--;
      for (let k = 0; k < EDGE_SLACK && we < n && !isSpace(text.charCodeAt(we)); k++) we++;
    }
    const last = out[out.length - 1];
    if (last && ws <= last[1]) last[1] = Math.max(last[1], we);
    else out.push([ws, we]);
  }
  return out;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** True when a regex source uses `^` or `$` as anchors (outside character classes). */
function usesAnchors(source: string): boolean {
  return someSourceChar(source, (c, inClass, prev) => !inClass && (c === '$' || (c === '^' && prev !== '[')));
}
