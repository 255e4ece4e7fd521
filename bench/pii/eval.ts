/**
 * `npm run eval:pii -- [--compare] [FILES…]`: per entity type precision, recall and F1 of the `pii`
 * detector on span-annotated JSON Lines (`{"text","entities":[{"type","start","end"}]}`, offsets in
 * code points as Python writes them). Without FILES: the Presidio research synthetic set in
 * ../shared/data/train, the Korean set generated in bench/pii and the small hand-written Korean set.
 * `--compare` runs the same data through the npm libraries in ./baselines.ts side by side; `--errors`
 * lists Aegis's misses and false alarms on stderr. Prints JSON, then Markdown tables.
 *
 * Matching: a prediction is a true positive when it overlaps a not yet matched gold entity of the same
 * type (one to one); `exact` counts the true positives whose boundaries are identical. A prediction is
 * what the default policy would act on (score ≥ 0.5, the pii/secret threshold). Gold types this
 * detector does not produce (ORGANIZATION, DATE_TIME, STREET_ADDRESS…) are not scored, but predictions
 * on them are false positives of the predicted type.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { piiDetector, DEFAULT_PII_CONFIG, PII_TYPES } from '../../scorer/src/detectors/pii';
import { normalizeSubject } from '../../scorer/src/normalize';
import type { Finding } from '../../scorer/src/engine/types';
import { baselines } from './baselines';

interface Entity {
  readonly type: string;
  readonly start: number;
  readonly end: number;
}
interface Row {
  readonly text: string;
  readonly entities: Entity[];
}

/** Gold labels of other datasets → Aegis type names. */
const TYPE_ALIASES: Readonly<Record<string, string>> = { PHONE_NUMBER: 'PHONE', EMAIL_ADDRESS: 'EMAIL', IBAN_CODE: 'IBAN' };
const THRESHOLD = 0.5;
const ROOT = join(__dirname, '..', '..', '..');
const DEFAULT_FILES = [
  join(ROOT, '..', 'shared', 'data', 'train', 'pii_presidio_research_synth_v2.jsonl'),
  join(ROOT, 'bench', 'pii', 'ko-pii-synth.jsonl'),
  join(ROOT, 'bench', 'pii', 'ko-pii-handwritten.jsonl'),
  join(ROOT, 'bench', 'pii', 'ko-pii-handwritten-2.jsonl'),
];

/** Code-point offsets → JavaScript string offsets (they differ after any character outside the BMP). */
export function codePointsToUtf16(text: string): (cp: number) => number {
  const map: number[] = [];
  let i = 0;
  for (const ch of text) {
    map.push(i);
    i += ch.length;
  }
  map.push(i);
  return (cp) => map[Math.min(cp, map.length - 1)] as number;
}

/**
 * Rows of a file. Classification files (`{"text","label"}`, no `entities`) count as text without personal
 * data: their `benign` rows measure false alarms on real text.
 */
function load(file: string): Row[] {
  const out: Row[] = [];
  for (const l of readFileSync(file, 'utf8').split('\n')) {
    if (l.trim().length === 0) continue;
    const r = JSON.parse(l) as Partial<Row> & { text: string; label?: string };
    if (r.entities === undefined) {
      if (r.label === undefined || r.label === 'benign') out.push({ text: r.text, entities: [] });
      continue;
    }
    const at = codePointsToUtf16(r.text);
    out.push({ text: r.text, entities: r.entities.map((e) => ({ type: TYPE_ALIASES[e.type] ?? e.type, start: at(e.start), end: at(e.end) })) });
  }
  return out;
}

/** Aegis's predictions for one text, as the engine would see it (normalised, default config). */
function aegis(text: string): Entity[] {
  const subject = normalizeSubject({ direction: 'request', segments: [{ role: 'user', text }], meta: { requestId: 'eval' } });
  const findings = piiDetector.detect(subject, DEFAULT_PII_CONFIG, new AbortController().signal) as Finding[];
  const out: Entity[] = [];
  for (const f of findings) {
    if (f.score < THRESHOLD) continue;
    for (const s of f.spans ?? []) out.push({ type: s.type ?? '?', start: s.start, end: s.end });
  }
  return out;
}

interface Counts {
  gold: number;
  pred: number;
  tp: number;
  exact: number;
}

/** Scores predictions against gold, per type. */
export function score(rows: readonly Row[], predictions: readonly Entity[][], types: ReadonlySet<string>): Map<string, Counts> {
  const counts = new Map<string, Counts>();
  const c = (t: string): Counts => {
    let x = counts.get(t);
    if (!x) {
      x = { gold: 0, pred: 0, tp: 0, exact: 0 };
      counts.set(t, x);
    }
    return x;
  };
  rows.forEach((row, r) => {
    const gold = row.entities.filter((e) => types.has(e.type));
    const used = new Set<number>();
    for (const g of gold) c(g.type).gold++;
    for (const p of predictions[r] ?? []) {
      if (!types.has(p.type)) continue;
      c(p.type).pred++;
      const i = gold.findIndex((g, k) => !used.has(k) && g.type === p.type && p.start < g.end && g.start < p.end);
      if (i < 0) continue;
      used.add(i);
      c(p.type).tp++;
      if (gold[i]?.start === p.start && gold[i]?.end === p.end) c(p.type).exact++;
    }
  });
  return counts;
}

/** With --errors: false negatives and false positives of Aegis, one per line, on stderr. */
function printErrors(rows: readonly Row[], predictions: readonly Entity[][], types: ReadonlySet<string>): void {
  rows.forEach((row, r) => {
    const gold = row.entities.filter((e) => types.has(e.type));
    const preds = predictions[r] ?? [];
    const show = (e: Entity): string => `${e.type} «${row.text.slice(e.start, e.end)}»`;
    for (const g of gold) if (!preds.some((p) => p.type === g.type && p.start < g.end && g.start < p.end)) process.stderr.write(`FN ${show(g)}  | ${row.text.replace(/\n/g, '⏎').slice(0, 160)}\n`);
    for (const p of preds) if (!gold.some((g) => p.type === g.type && p.start < g.end && g.start < p.end)) process.stderr.write(`FP ${show(p)}  | ${row.text.replace(/\n/g, '⏎').slice(0, 160)}\n`);
  });
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

function metrics(k: Counts): { precision: number; recall: number; f1: number } {
  const precision = k.pred === 0 ? (k.gold === 0 ? 1 : 0) : k.tp / k.pred;
  const recall = k.gold === 0 ? (k.pred === 0 ? 1 : 0) : k.tp / k.gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision: r3(precision), recall: r3(recall), f1: r3(f1) };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const compare = args.includes('--compare');
  const files = args.filter((a) => !a.startsWith('--'));
  const types = new Set<string>(PII_TYPES);
  const results: Record<string, unknown> = {};
  const tables: string[] = [];
  const systems: Array<{ name: string; predict: (t: string) => Entity[] | Promise<Entity[]>; types: ReadonlySet<string> }> = [{ name: 'aegis', predict: aegis, types }];
  if (compare) {
    for (const b of baselines()) {
      await b.init();
      systems.push({ name: `${b.name}@${b.version}`, predict: (t) => b.predict(t), types: b.types });
    }
  }
  for (const file of files.length > 0 ? files : DEFAULT_FILES) {
    const rows = load(file);
    const name = basename(file);
    const perSystem: Record<string, Record<string, unknown>> = {};
    const byType = new Map<string, Map<string, Counts>>();
    for (const sys of systems) {
      const predictions: Entity[][] = [];
      for (const row of rows) predictions.push(await sys.predict(row.text));
      if (args.includes('--errors') && sys.name === 'aegis') printErrors(rows, predictions, types);
      const counts = score(rows, predictions, sys.name === 'aegis' ? types : new Set([...types].filter((t) => sys.types.has(t))));
      byType.set(sys.name, counts);
      perSystem[sys.name] = Object.fromEntries([...counts.entries()].sort().map(([t, k]) => [t, { ...k, ...metrics(k) }]));
    }
    results[name] = { rows: rows.length, ...(compare ? perSystem : { aegis: perSystem.aegis }) };
    // Markdown: one row per type, F1 (P/R) per system; types with gold entities first.
    const aegisCounts = byType.get('aegis') as Map<string, Counts>;
    const rowsMd = [...aegisCounts.entries()].sort((a, b) => b[1].gold - a[1].gold || a[0].localeCompare(b[0]));
    const head = `| type | gold | aegis found | aegis P | aegis R | aegis F1 |${systems.slice(1).map((s) => ` ${s.name} F1 (P/R) |`).join('')}`;
    const sep = `|---|---:|---:|---:|---:|---:|${systems.slice(1).map(() => '---:|').join('')}`;
    const lines = rowsMd.map(([t, k]) => {
      const m = metrics(k);
      const others = systems.slice(1).map((s) => {
        if (!s.types.has(t)) return ' — |';
        const o = byType.get(s.name)?.get(t) ?? { gold: k.gold, pred: 0, tp: 0, exact: 0 };
        const om = metrics({ ...o, gold: k.gold });
        return ` ${om.f1.toFixed(2)} (${om.precision.toFixed(2)}/${om.recall.toFixed(2)}) |`;
      });
      return `| ${t} | ${k.gold} | ${k.pred} | ${m.precision.toFixed(3)} | ${m.recall.toFixed(3)} | ${m.f1.toFixed(3)} |${others.join('')}`;
    });
    tables.push(`### ${name} (${rows.length} texts)\n\n${head}\n${sep}\n${lines.join('\n')}\n`);
  }
  process.stdout.write(`${JSON.stringify({ eval: 'pii', threshold: THRESHOLD, date: new Date().toISOString().slice(0, 10), node: process.version, results }, null, 2)}\n\n`);
  process.stdout.write(`${tables.join('\n')}\n`);
}

if (require.main === module) void main();
