/**
 * The BIPIA indirect-injection training file (`../shared/data/train/bipia_indirect_injection_train.jsonl`,
 * MIT / CC BY-SA, see its LICENSE and NOTICE files) as training documents, and the leave-out folds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT as ROOT } from '../scorer/ml/paths';
import type { TrainingDoc } from '../scorer/src/detectors/rag/train';

/** Where the shared training data lives (the worktree's `../shared` link). */
export const BIPIA_FILE = join(ROOT, '..', 'shared', 'data', 'train', 'bipia_indirect_injection_train.jsonl');

/** One BIPIA row as a training document with its grouping keys. */
export interface BipiaDoc extends TrainingDoc {
  readonly label: 'injection' | 'benign';
  readonly category?: string;
  /** Task and context index: the injected and the clean version of a context share it. */
  readonly context: string;
}

interface Row {
  text: string;
  label: string;
  bipia_task: string;
  context_index: number;
  attack_category?: string;
  attack_text?: string;
}

/** Reads the file; throws when it is missing (the evaluation must not pass without data). */
export function loadBipia(file = BIPIA_FILE): BipiaDoc[] {
  const out: BipiaDoc[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const r = JSON.parse(line) as Row;
    const context = `${r.bipia_task}#${r.context_index}`;
    if (r.label === 'injection' && r.attack_text !== undefined) {
      const at = r.text.indexOf(r.attack_text);
      if (at < 0) throw new Error(`attack text not found in ${context}`);
      out.push({ text: r.text, label: 'injection', category: r.attack_category ?? '?', context, attack: [at, at + r.attack_text.length] });
    } else out.push({ text: r.text, label: 'benign', context });
  }
  return out;
}

/** Deterministic fold of a key (FNV-1a). */
export function foldOf(key: string, folds: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % folds;
}

/** Hand-written training augmentation (bench/data/rag-augment.json; see its `source`). */
export const AUGMENT_FILE = join(ROOT, 'bench', 'data', 'rag-augment.json');

/**
 * Augmentation documents: each generic attack sentence inserted into a clean BIPIA context (start,
 * middle or end, chosen deterministically), each benign hard-negative sentence as a document of its
 * own (so it is judged by its wording, not by being out of place in a foreign context), and whole
 * benign documents full of orders, questions and talk about AI.
 */
export function augmentDocs(bipia: readonly BipiaDoc[]): BipiaDoc[] {
  return augmentInto(bipia.filter((d) => d.label === 'benign'));
}

/**
 * The same augmentation with other clean documents as hosts (the evaluation's fold model, which must
 * not see BIPIA text, uses Aegis's synthetic documents).
 */
export function augmentInto(hosts: readonly BipiaDoc[]): BipiaDoc[] {
  const { attacks, benign, benignDocuments } = JSON.parse(readFileSync(AUGMENT_FILE, 'utf8')) as { attacks: string[]; benign: string[]; benignDocuments: string[] };
  const out: BipiaDoc[] = [];
  attacks.forEach((attack, i) => {
    const host = hosts[(i * 7) % hosts.length] as BipiaDoc;
    const where = i % 3;
    let at = where === 0 ? 0 : where === 2 ? host.text.length : host.text.indexOf('\n', Math.floor(host.text.length / 2));
    if (at < 0) at = host.text.length;
    const before = host.text.slice(0, at);
    const text = `${before}\n${attack}\n${host.text.slice(at)}`;
    out.push({ text, label: 'injection', category: 'augment', context: host.context, attack: [before.length + 1, before.length + 1 + attack.length] });
  });
  benign.forEach((text, i) => out.push({ text, label: 'benign', context: `augment#${i}` }));
  benignDocuments.forEach((text, i) => out.push({ text, label: 'benign', context: `augment-doc#${i}` }));
  return out;
}
