/**
 * The literal prefixes every match of a rule must start with, read off the regex source. A rule whose
 * matches all start with one of a few words (`\b(?:ignor(?:e|ing)|disregard|…) …`) need not be tried at
 * every position of a window: trying it (sticky) only where one of those prefixes occurs finds exactly
 * the same matches, and the regex engine's per-position cost was most of the time on attack texts.
 *
 * The reading is conservative: any construct it does not understand ends the prefix there, which keeps
 * it a necessary condition. Assertions (`\b`, `^`, `$`) consume nothing and are skipped; an optional
 * part splits a path in two (`e-?mail` gives `email` and `e-mail`); a part that may repeat ends it.
 */

/** A path through the source so far: its fixed text, and whether the text may still grow. */
interface Path {
  readonly s: string;
  readonly open: boolean;
}

const MAX_PATHS = 128;
/** Selective enough (see `weight`): longer prefixes only cost scanner states. */
const ENOUGH = 6;
/** A prefix must be at least this selective: ASCII units count 1, others (Hangul, CJK) 3. */
const MIN_WEIGHT = 3;
const STOP = Symbol('stop');

/**
 * The prefixes every match of `re` starts with (none a prefix of another), or undefined when some match
 * could start without a selective literal (an optional first word, a character class, an empty match).
 */
export function startPrefixes(re: RegExp): string[] | undefined {
  if (re.flags.replace('g', '') !== '') return undefined; // `i`, `u`, `m`, `s` change what a literal means
  let paths: Path[];
  try {
    const r = alternatives(re.source, 0);
    if (r.end !== re.source.length) return undefined;
    paths = r.paths;
  } catch {
    return undefined;
  }
  const found = [...new Set(paths.map((p) => p.s))].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  if (found.some((s) => weight(s) < MIN_WEIGHT)) return undefined;
  // A prefix that starts with a shorter one adds no positions.
  return found.filter((s, i) => !found.slice(0, i).some((t) => s.startsWith(t)));
}

function weight(s: string): number {
  let w = 0;
  for (let i = 0; i < s.length; i++) w += s.charCodeAt(i) < 128 ? 1 : 3;
  return w;
}

/** Parses `a|b|…` from `i` up to an unmatched `)` or the end. */
function alternatives(src: string, i: number): { paths: Path[]; end: number } {
  const out: Path[] = [];
  for (;;) {
    const seq = sequence(src, i);
    out.push(...seq.paths);
    i = seq.end;
    if (src[i] !== '|') return { paths: out.length > MAX_PATHS ? out.map(close) : out, end: i };
    i++;
  }
}

function close(p: Path): Path {
  return p.open ? { s: p.s, open: false } : p;
}

/** Parses one alternative: atoms until `|`, `)` or the end. */
function sequence(src: string, i: number): { paths: Path[]; end: number } {
  let paths: Path[] = [{ s: '', open: true }];
  while (i < src.length && src[i] !== '|' && src[i] !== ')') {
    if (!paths.some((p) => p.open)) return { paths, end: skipAlternative(src, i) };
    const atom = readAtom(src, i);
    if (atom.value === null) {
      i = atom.end; // zero-width assertion
      continue;
    }
    const q = readQuantifier(src, atom.end);
    if (atom.value === STOP) {
      paths = paths.map(close);
      i = q.end;
      continue;
    }
    const next: Path[] = [];
    for (const p of paths) {
      if (!p.open) {
        next.push(p);
        continue;
      }
      if (q.min === 0) next.push(p); // the atom may be absent
      // Present once; after that the text is fixed only when the atom cannot repeat.
      for (const a of atom.value) next.push({ s: p.s + a.s, open: a.open && q.max === 1 && weight(p.s + a.s) < ENOUGH });
    }
    paths = next.length > MAX_PATHS ? next.map(close) : next;
    i = q.end;
  }
  return { paths, end: i };
}

/** One atom: a literal unit, a group's paths, STOP for anything else, or null for an assertion. */
function readAtom(src: string, i: number): { value: Path[] | typeof STOP | null; end: number } {
  const c = src[i] as string;
  if (c === '^' || c === '$') return { value: null, end: i + 1 };
  if (c === '(') {
    if (src[i + 1] === '?' && src[i + 2] !== ':') return { value: STOP, end: groupEnd(src, i) };
    const inner = alternatives(src, src[i + 1] === '?' ? i + 3 : i + 1);
    if (src[inner.end] !== ')') throw new Error('unbalanced group');
    return { value: inner.paths, end: inner.end + 1 };
  }
  if (c === '[') return { value: STOP, end: classEnd(src, i) };
  if (c === '\\') {
    const e = src[i + 1] as string;
    if (e === 'b' || e === 'B') return { value: null, end: i + 2 };
    if (e === 'n') return { value: [{ s: '\n', open: true }], end: i + 2 };
    if (e === 't') return { value: [{ s: '\t', open: true }], end: i + 2 };
    if (/[A-Za-z0-9]/.test(e)) return { value: STOP, end: escapeEnd(src, i) };
    return { value: [{ s: e, open: true }], end: i + 2 };
  }
  if (c === '.' || c === '{' || c === '}' || c === ']' || c === '*' || c === '+' || c === '?') return { value: STOP, end: i + 1 };
  return { value: [{ s: c, open: true }], end: i + 1 };
}

/** `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}` (each possibly lazy) after an atom; none means exactly once. */
function readQuantifier(src: string, i: number): { min: number; max: number; end: number } {
  const c = src[i];
  let q = { min: 1, max: 1, end: i };
  if (c === '?') q = { min: 0, max: 1, end: i + 1 };
  else if (c === '*') q = { min: 0, max: Infinity, end: i + 1 };
  else if (c === '+') q = { min: 1, max: Infinity, end: i + 1 };
  else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i));
    if (m) q = { min: Number(m[1]), max: m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]), end: i + m[0].length };
  }
  if (q.end > i && src[q.end] === '?') q.end++;
  return q;
}

/** Index after the `)` that closes the group opened at `i`. */
function groupEnd(src: string, i: number): number {
  let depth = 0;
  for (let k = i; k < src.length; k++) {
    const c = src[k];
    if (c === '\\') k++;
    else if (c === '[') k = classEnd(src, k) - 1;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return k + 1;
  }
  throw new Error('unbalanced group');
}

/** Index after the `]` that closes the class opened at `i`. */
function classEnd(src: string, i: number): number {
  for (let k = i + 1; k < src.length; k++) {
    if (src[k] === '\\') k++;
    else if (src[k] === ']' && k > i + 1) return k + 1;
  }
  throw new Error('unbalanced class');
}

/** Index after an escape with a letter or digit (`\s`, `\u0041`, `\x41`, `\cA`, `\1`). */
function escapeEnd(src: string, i: number): number {
  const e = src[i + 1];
  if (e === 'u') return i + 6;
  if (e === 'x') return i + 4;
  if (e === 'c') return i + 3;
  return i + 2;
}

/** Index of the `|` or `)` that ends the current alternative (or the end of the source). */
function skipAlternative(src: string, i: number): number {
  while (i < src.length && src[i] !== '|' && src[i] !== ')') {
    if (src[i] === '\\') i += 2;
    else if (src[i] === '[') i = classEnd(src, i);
    else if (src[i] === '(') i = groupEnd(src, i);
    else i++;
  }
  return i;
}
