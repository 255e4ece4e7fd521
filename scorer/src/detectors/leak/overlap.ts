/**
 * Copied runs: word n-grams of the system prompt (folded, so case and look-alikes do not hide a copy)
 * looked up in an answer. A run of `n` or more consecutive words that also appear consecutively in the
 * system prompt is reported; the score grows with the run's length and with how much of the prompt the
 * answer reproduces.
 */
import { normalizeText } from '../../normalize';

/** The system prompt's n-grams. */
export interface ShingleIndex {
  readonly n: number;
  readonly grams: ReadonlySet<string>;
  readonly words: number;
}

/** A copied run in the answer's folded text. */
export interface CopiedRun {
  readonly start: number;
  readonly end: number;
  readonly words: number;
  readonly score: number;
}

const WORD = /[\p{L}\p{N}]+/gu;

function words(text: string): Array<{ w: string; start: number; end: number }> {
  const out: Array<{ w: string; start: number; end: number }> = [];
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(text)) !== null) out.push({ w: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** Indexes a system prompt's `n`-word grams (on its folded view). */
export function shingleIndex(system: string, n: number): ShingleIndex {
  const ws = words(normalizeText(system).folded.text).map((x) => x.w);
  const grams = new Set<string>();
  for (let i = 0; i + n <= ws.length; i++) grams.add(ws.slice(i, i + n).join(' '));
  return { n, grams, words: ws.length };
}

/** Runs of the answer (folded text) copied from the indexed prompt. */
export function copiedRuns(answer: string, index: ShingleIndex): CopiedRun[] {
  if (index.grams.size === 0) return [];
  const ws = words(answer);
  const n = index.n;
  const copied = new Uint8Array(ws.length);
  for (let i = 0; i + n <= ws.length; i++) {
    let gram = '';
    for (let k = i; k < i + n; k++) gram += k === i ? (ws[k] as { w: string }).w : ` ${(ws[k] as { w: string }).w}`;
    if (index.grams.has(gram)) copied.fill(1, i, i + n);
  }
  const runs: CopiedRun[] = [];
  let total = 0;
  for (let i = 0; i < ws.length; ) {
    if (copied[i] === 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < ws.length && copied[j] === 1) j++;
    runs.push({ start: (ws[i] as { start: number }).start, end: (ws[j - 1] as { end: number }).end, words: j - i, score: 0 });
    total += j - i;
    i = j;
  }
  const coverage = index.words > 0 ? total / index.words : 0;
  return runs.map((r) => ({ ...r, score: Math.round(Math.min(1, Math.max(0.55 + 0.025 * r.words, coverage >= 0.5 ? 0.95 : 0)) * 1000) / 1000 }));
}
