/**
 * Training and evaluation rows: the shared JSON Lines files plus Aegis's own synthetic files, with the
 * label policy in one place.
 *
 * - `injection` and `jailbreak` rows are attacks (y = 1); `kind` keeps which, for the category head.
 * - `benign` rows are negatives. Rows without a label (the PII set: ordinary synthetic English
 *   sentences with names and addresses) are benign too.
 * - `harmful` rows are content-policy requests ("write hate speech …"), not attempts to subvert the
 *   model's instructions. They are negatives for this model, at a reduced weight, and the evaluation
 *   reports how many are flagged separately, never as TPR or FPR. Content moderation is a different
 *   detector's job; teaching this one that "harmful topic" ≠ "injection" keeps it on the manipulation.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SHARED_TRAIN_DIR, SYNTH_DIR } from './paths';

export type Kind = 'injection' | 'jailbreak' | 'benign' | 'harmful';

/** One labelled text. */
export interface Row {
  readonly text: string;
  readonly kind: Kind;
  /** 1 for attacks, 0 otherwise. */
  readonly y: 0 | 1;
  /** The file it came from, without `.jsonl`: the unit of leave-one-source-out. */
  readonly source: string;
  readonly lang: string;
  /** A training-only copy made by `augment` (never evaluated, never counted in group sizes). */
  readonly augmented?: true;
  /**
   * The same text (case and spacing aside) is an attack in one row and a negative in another: never
   * trained or calibrated on, still evaluated. A held-out row must not be scored by a model that
   * learnt its twin under the opposite label.
   */
  readonly conflict?: true;
}

/** True for Aegis's own synthetic sources (`scorer/ml/data/aegis_*`), reported apart from the public ones. */
export function isSynthetic(source: string): boolean {
  return source.startsWith('aegis_');
}

/**
 * Sources whose rows are documents by construction: the evaluation scores them as a retrieved
 * document, not as the user's message. Only BIPIA qualifies: every row is an email, a table or a code
 * answer, with or without an instruction planted in it, and nothing else. Aegis's `aegis_docs_*` rows
 * are user messages — a task ("Translate this into Korean:"), often the user's own wishes about the
 * answer ("Use a table in your response"), and the pasted text — which in the document role would be
 * instructions to the assistant and make their benign labels wrong.
 */
export const DOCUMENT_SOURCES: ReadonlySet<string> = new Set(['bipia_indirect_injection_train']);

/** A data file and the sha256 of its bytes (for the manifest). */
export interface DataFile {
  readonly path: string;
  readonly source: string;
  readonly sha256: string;
  readonly rows: number;
}

/** Parses one JSON Lines file. */
export function readRows(path: string): { rows: Row[]; file: DataFile } {
  const bytes = readFileSync(path);
  const source = basename(path).replace(/\.jsonl$/, '');
  const rows: Row[] = [];
  for (const line of bytes.toString('utf8').split('\n')) {
    if (line.trim() === '') continue;
    const o = JSON.parse(line) as { text?: unknown; label?: unknown; lang?: unknown };
    if (typeof o.text !== 'string' || o.text.trim() === '') continue;
    const label = typeof o.label === 'string' ? o.label : 'benign';
    if (label !== 'injection' && label !== 'jailbreak' && label !== 'benign' && label !== 'harmful') continue;
    rows.push({ text: o.text, kind: label, y: label === 'injection' || label === 'jailbreak' ? 1 : 0, source, lang: typeof o.lang === 'string' ? o.lang : 'und' });
  }
  return { rows, file: { path, source, sha256: createHash('sha256').update(bytes).digest('hex'), rows: rows.length } };
}

/** The default training files: every shared `*.jsonl` and the synthetic files, sorted by name. */
export function defaultFiles(sharedDir = SHARED_TRAIN_DIR): string[] {
  if (!existsSync(sharedDir)) throw new Error(`training data not found at ${sharedDir} (the shared data directory next to the repository)`);
  const list = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(dir, f));
  return [...list(sharedDir), ...list(SYNTH_DIR)];
}

/** Loads files into one row list (file order, then line order), with conflicting labels marked. */
export function loadRows(paths: readonly string[]): { rows: Row[]; files: DataFile[] } {
  const rows: Row[] = [];
  const files: DataFile[] = [];
  for (const p of paths) {
    const r = readRows(p);
    for (const row of r.rows) rows.push(row);
    files.push(r.file);
  }
  return { rows: markConflicts(rows), files };
}

/** Marks `conflict` on every row whose text (lower case, spaces collapsed) occurs under both labels. */
export function markConflicts(rows: readonly Row[]): Row[] {
  const key = (r: Row): string => r.text.toLowerCase().replace(/\s+/g, ' ').trim();
  const labels = new Map<string, number>();
  for (const r of rows) labels.set(key(r), (labels.get(key(r)) ?? 0) | (r.y === 1 ? 2 : 1));
  return rows.map((r) => (labels.get(key(r)) === 3 ? { ...r, conflict: true } : r));
}
