/**
 * The evaluation core: scores rows (clean and obfuscated copies of the attacks) with the model alone,
 * the cheap detectors alone, and the full pipeline, then computes per source, per language and pooled
 * TPR, FPR, TPR at 1 % FPR, ROC AUC and confusion counts. `eval.ts` is the command around it.
 *
 * Rows of document sources (`dataset.DOCUMENT_SOURCES`) are scored the way such text reaches Aegis: as
 * a `document` segment, so the `rag` detector looks at them (with the model the caller gives for that
 * source). Their clean rows are scored once more as a user message, for comparison only: that copy has
 * its own group and counts in no pool.
 */
import { createDefaultRegistry } from '../src/detectors/registry';
import type { LinearModel as RagModel } from '../src/detectors/rag/train';
import { createEngine, decide, type Engine } from '../src/engine/evaluate';
import type { Policy } from '../src/engine/policy';
import type { Category, Finding, Subject } from '../src/engine/types';
import { loadEmbeddedDefaults } from '../../policy/store/policy-set';
import { isSynthetic, type Row } from './dataset';
import { confusion, rocAuc, thresholdAtFpr, type Confusion } from './metrics';
import { OBFUSCATIONS, obfuscate, type Obfuscation } from './obfuscate';

export type Variant = 'clean' | Obfuscation;

/** How an item reaches the engine: as the user's message, or as a retrieved document. */
export type EvalRole = 'user' | 'document';

/** One text to score: a row, or an obfuscated copy of an attack row. */
export interface EvalItem {
  readonly row: Row;
  readonly variant: Variant;
  readonly text: string;
  readonly role: EvalRole;
  /** A document row scored as user text for comparison: reported in its own group, pooled nowhere. */
  readonly reference?: true;
}

/**
 * The subject the engine sees for an item: the user's message, or the document alone as one `document`
 * segment — the shape of the ingestion scan (`POST /api/v1/rag/scan`, `aegis scan-docs`). A user request
 * next to it would add a constant that says nothing about the document: the injection model scores
 * "Summarise this document." 0.42, above most benign rows, so every document row would tie there.
 */
export function subjectOf(item: EvalItem, requestId: string): Subject {
  return { direction: 'request', segments: [{ role: item.role, text: item.text }], meta: { requestId } };
}

/** The attack categories: a finding in any of these counts as detecting an attack. */
export const ATTACK_CATEGORIES: ReadonlySet<Category> = new Set<Category>([
  'prompt_injection', 'jailbreak', 'prompt_extraction', 'delimiter_injection', 'privilege_escalation', 'tool_abuse', 'exfiltration',
  'obfuscation', 'indirect_injection',
]);

/**
 * Items: every row clean, plus each obfuscation of each attack row; rows of `documentSources` in the
 * document role, and their clean rows once more as user text (`reference`, at the end).
 */
export function itemsOf(rows: readonly Row[], withObfuscations = true, documentSources: ReadonlySet<string> = new Set()): EvalItem[] {
  const roleOf = (row: Row): EvalRole => (documentSources.has(row.source) ? 'document' : 'user');
  const items: EvalItem[] = rows.map((row) => ({ row, variant: 'clean', text: row.text, role: roleOf(row) }));
  if (withObfuscations) {
    rows.forEach((row, i) => {
      if (row.y !== 1) return;
      for (const kind of OBFUSCATIONS) items.push({ row, variant: kind, text: obfuscate(row.text, kind, i + 1), role: roleOf(row) });
    });
  }
  for (const row of rows) if (documentSources.has(row.source)) items.push({ row, variant: 'clean', text: row.text, role: 'user', reference: true });
  return items;
}

/** The model's answer for one item. */
export interface ModelScore {
  readonly p: number;
  readonly category: 'prompt_injection' | 'jailbreak';
}

/** Scores of one item under the three set-ups. */
export interface ItemScores {
  readonly model: number;
  readonly patterns: number;
  readonly pipeline: number;
  /** Blocked by the default policy: model alone (its category threshold), patterns alone, both. */
  readonly modelBlocks: boolean;
  readonly patternsBlock: boolean;
  readonly pipelineBlocks: boolean;
}

/**
 * Runs the cheap detectors (through the real engine) and combines them with the model's scores.
 * Document items are scored by an engine whose `rag` detector uses `ragModels.get(source)`; a document
 * source without a model there is an error, never a silent fall-back to the shipped weights.
 */
export async function scoreItems(items: readonly EvalItem[], model: readonly ModelScore[], policy?: Policy, ragModels: ReadonlyMap<string, RagModel> = new Map()): Promise<ItemScores[]> {
  const registry = createDefaultRegistry();
  const base = createEngine(registry);
  const engines = new Map<RagModel, Engine>();
  const engineFor = (item: EvalItem): Engine => {
    if (item.role !== 'document') return base;
    const rag = ragModels.get(item.row.source);
    if (!rag) throw new Error(`no rag model for the document source ${item.row.source}`);
    let e = engines.get(rag);
    if (!e) engines.set(rag, (e = createEngine(createDefaultRegistry({ ragModel: rag }))));
    return e;
  };
  const pol = policy ?? loadEmbeddedDefaults(registry).default;
  const out: ItemScores[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as EvalItem;
    const m = model[i] as ModelScore;
    const v = await engineFor(item).evaluate(subjectOf(item, `eval-${i}`), pol, undefined, { decisionId: 'eval' });
    const attackFindings = v.findings.filter((f) => ATTACK_CATEGORIES.has(f.category));
    const patterns = attackFindings.reduce((mx, f) => Math.max(mx, f.score), 0);
    const mlFinding: Finding = { detector: 'ml.injection', category: m.category, score: m.p };
    out.push({
      model: m.p,
      patterns,
      pipeline: Math.max(patterns, m.p),
      modelBlocks: decide([mlFinding], pol, 'request').action === 'block',
      patternsBlock: v.intendedAction === 'block',
      pipelineBlocks: decide([...v.findings, mlFinding], pol, 'request').action === 'block',
    });
  }
  return out;
}

/** Metrics of one scorer on one group. */
export interface ScorerMetrics {
  readonly auc: number | null;
  /** Threshold that keeps the reference negatives' FPR ≤ 1 %, and TPR/FPR there. */
  readonly thresholdAt1pct: number;
  readonly tprAt1pctFpr: number | null;
  readonly fprAt1pctThreshold: number | null;
  /** Confusion counts at the default policy's decision (block or not). */
  readonly policy: Confusion;
}

/** A group's metrics for model, patterns and pipeline. */
export interface GroupReport {
  readonly group: string;
  readonly positives: number;
  readonly negatives: number;
  readonly harmful: number;
  readonly model: ScorerMetrics;
  readonly patterns: ScorerMetrics;
  readonly pipeline: ScorerMetrics;
  /** Share of `harmful` rows blocked (reported, not counted as TPR or FPR). */
  readonly harmfulBlocked?: { readonly model: number; readonly pipeline: number };
}

type Scorer = 'model' | 'patterns' | 'pipeline';
const BLOCK_KEY: Record<Scorer, keyof ItemScores> = { model: 'modelBlocks', patterns: 'patternsBlock', pipeline: 'pipelineBlocks' };

function nan(x: number): number | null {
  return Number.isFinite(x) ? Math.round(x * 10_000) / 10_000 : null;
}

function metricsFor(idx: readonly number[], items: readonly EvalItem[], s: readonly ItemScores[], scorer: Scorer, refThreshold: number): ScorerMetrics {
  const scored: { pos: number[]; neg: number[] } = { pos: [], neg: [] };
  const blocked: { pos: number[]; neg: number[] } = { pos: [], neg: [] };
  for (const i of idx) {
    const it = items[i] as EvalItem;
    if (it.row.kind === 'harmful') continue;
    const sc = s[i] as ItemScores;
    (it.row.y === 1 ? scored.pos : scored.neg).push(sc[scorer]);
    (it.row.y === 1 ? blocked.pos : blocked.neg).push(sc[BLOCK_KEY[scorer]] ? 1 : 0);
  }
  const at = confusion(scored, refThreshold);
  return {
    auc: nan(rocAuc(scored)),
    thresholdAt1pct: Math.round(refThreshold * 1e6) / 1e6,
    tprAt1pctFpr: nan(at.tpr),
    fprAt1pctThreshold: nan(at.fpr),
    policy: roundConfusion(confusion(blocked, 0.5)),
  };
}

function roundConfusion(c: Confusion): Confusion {
  return { ...c, tpr: nan(c.tpr) as number, fpr: nan(c.fpr) as number };
}

/** The full report. */
export interface EvalReport {
  readonly groups: GroupReport[];
  readonly obfuscation: Record<Scorer, Record<Variant, number | null>>;
}

/**
 * Builds the report over clean items grouped by source/lang, by language (all sources, and public
 * sources only) and overall; each group's 1 %-FPR threshold comes from the clean negatives of its
 * language (all sources pooled; public sources only for the public groups), so attack-only sources
 * get a threshold too. Obfuscation rows give recall per variant at the policy decision.
 */
export function buildReport(items: readonly EvalItem[], s: readonly ItemScores[]): EvalReport {
  const clean = items.map((_, i) => i).filter((i) => (items[i] as EvalItem).variant === 'clean' && (items[i] as EvalItem).reference !== true);
  const negOf = (lang: string | undefined, scorer: Scorer, publicOnly: boolean): number[] =>
    clean
      .filter((i) => {
        const r = (items[i] as EvalItem).row;
        return r.y === 0 && r.kind !== 'harmful' && (lang === undefined || r.lang === lang) && !(publicOnly && isSynthetic(r.source));
      })
      .map((i) => (s[i] as ItemScores)[scorer]);
  const thresholds = new Map<string, number>();
  const thr = (lang: string | undefined, scorer: Scorer, publicOnly = false): number => {
    const key = `${lang ?? '*'}:${scorer}:${publicOnly}`;
    let t = thresholds.get(key);
    if (t === undefined) {
      const neg = negOf(lang, scorer, publicOnly);
      t = neg.length >= 100 ? thresholdAtFpr(neg, 0.01) : thresholdAtFpr(negOf(undefined, scorer, false), 0.01);
      thresholds.set(key, t);
    }
    return t;
  };
  const group = (name: string, idx: number[], lang: string | undefined, publicOnly = false): GroupReport => {
    const rows = idx.map((i) => (items[i] as EvalItem).row);
    const harmful = idx.filter((i) => (items[i] as EvalItem).row.kind === 'harmful');
    const share = (k: keyof ItemScores): number => nan(harmful.filter((i) => (s[i] as ItemScores)[k] === true).length / harmful.length) as number;
    return {
      group: name,
      positives: rows.filter((r) => r.y === 1).length,
      negatives: rows.filter((r) => r.y === 0 && r.kind !== 'harmful').length,
      harmful: harmful.length,
      model: metricsFor(idx, items, s, 'model', thr(lang, 'model', publicOnly)),
      patterns: metricsFor(idx, items, s, 'patterns', thr(lang, 'patterns', publicOnly)),
      pipeline: metricsFor(idx, items, s, 'pipeline', thr(lang, 'pipeline', publicOnly)),
      ...(harmful.length > 0 ? { harmfulBlocked: { model: share('modelBlocks'), pipeline: share('pipelineBlocks') } } : {}),
    };
  };
  const groups: GroupReport[] = [];
  const bySource = new Map<string, number[]>();
  const byLang = new Map<string, number[]>();
  for (const i of clean) {
    const r = (items[i] as EvalItem).row;
    const k = `${r.source}/${r.lang}${(items[i] as EvalItem).role === 'document' ? ' (as document)' : ''}`;
    bySource.set(k, [...(bySource.get(k) ?? []), i]);
    byLang.set(r.lang, [...(byLang.get(r.lang) ?? []), i]);
  }
  items.forEach((it, i) => {
    if (it.reference !== true) return;
    const k = `${it.row.source}/${it.row.lang} (as user text)`;
    bySource.set(k, [...(bySource.get(k) ?? []), i]);
  });
  for (const [k, idx] of [...bySource].sort()) groups.push(group(k, idx, (items[idx[0] as number] as EvalItem).row.lang));
  for (const [lang, idx] of [...byLang].sort()) {
    groups.push(group(`ALL/${lang}`, idx, lang));
    // The same pool without Aegis's own synthetic sources: their benign rows are easier than real
    // traffic, so they would buy the public attacks a lower 1 %-FPR threshold.
    const pub = idx.filter((i) => !isSynthetic((items[i] as EvalItem).row.source));
    if (pub.length > 0 && pub.length < idx.length) groups.push(group(`ALL/${lang} public`, pub, lang, true));
  }
  groups.push(group('ALL', clean, undefined));

  const obfuscation = {} as Record<Scorer, Record<Variant, number | null>>;
  for (const scorer of ['model', 'patterns', 'pipeline'] as const) {
    const rec = {} as Record<Variant, number | null>;
    for (const v of ['clean', ...OBFUSCATIONS] as Variant[]) {
      const idx = items.map((_, i) => i).filter((i) => (items[i] as EvalItem).variant === v && (items[i] as EvalItem).row.y === 1 && (items[i] as EvalItem).reference !== true);
      rec[v] = nan(idx.filter((i) => (s[i] as ItemScores)[BLOCK_KEY[scorer]] === true).length / idx.length);
    }
    obfuscation[scorer] = rec;
  }
  return { groups, obfuscation };
}

function pct(x: number | null): string {
  return x === null ? '   –  ' : `${(x * 100).toFixed(1).padStart(5)}%`;
}

const GROUP_WIDTH = 52;

/** The report as a fixed-width table. */
export function formatReport(r: EvalReport): string {
  const lines: string[] = [];
  const head = `${'group'.padEnd(GROUP_WIDTH)} ${'n+'.padStart(5)} ${'n-'.padStart(6)} | ${'scorer'.padEnd(8)} ${'AUC'.padStart(6)} ${'TPR@1%'.padStart(7)} ${'FPR@thr'.padStart(7)} | ${'policy TPR'.padStart(10)} ${'FPR'.padStart(6)}   TP/FN/FP/TN`;
  lines.push(head, '-'.repeat(head.length + 12));
  for (const g of r.groups) {
    for (const scorer of ['model', 'patterns', 'pipeline'] as const) {
      const m = g[scorer];
      const c = m.policy;
      lines.push(
        `${(scorer === 'model' ? g.group : '').padEnd(GROUP_WIDTH)} ${(scorer === 'model' ? String(g.positives) : '').padStart(5)} ${(scorer === 'model' ? String(g.negatives) : '').padStart(6)} | ${scorer.padEnd(8)} ${m.auc === null ? '   –  ' : m.auc.toFixed(3).padStart(6)} ${pct(m.tprAt1pctFpr).padStart(7)} ${pct(m.fprAt1pctThreshold).padStart(7)} | ${pct(c.tpr).padStart(10)} ${pct(c.fpr)}   ${c.tp}/${c.fn}/${c.fp}/${c.tn}`,
      );
    }
    if (g.harmfulBlocked) lines.push(`${''.padEnd(GROUP_WIDTH)} harmful rows blocked (not counted): model ${pct(g.harmfulBlocked.model)}, pipeline ${pct(g.harmfulBlocked.pipeline)}`);
  }
  lines.push('', 'Recall on attacks under obfuscation (default policy decision):');
  const variants = ['clean', ...OBFUSCATIONS] as Variant[];
  lines.push(`${'scorer'.padEnd(10)} ${variants.map((v) => v.padStart(11)).join('')}`);
  for (const scorer of ['model', 'patterns', 'pipeline'] as const) lines.push(`${scorer.padEnd(10)} ${variants.map((v) => pct(r.obfuscation[scorer][v]).padStart(11)).join('')}`);
  return lines.join('\n');
}
