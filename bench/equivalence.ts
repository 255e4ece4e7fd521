/**
 * Proves that a change to the normaliser or the pattern detector kept behaviour: loads a reference build
 * (a `dist` directory built from the commit to compare against) next to this build, runs both over every
 * text we have and compares views, offset maps, signals, every rule hit and the verdicts. Rule hits are
 * features of the ML model, so any difference counts. Usage:
 *
 *   git worktree add /tmp/ref main && (cd /tmp/ref && npm ci && npm run build)
 *   npm run build && node dist/bench/equivalence.js /tmp/ref/dist
 *
 * Prints JSON (texts compared, differences with the first few described); exits 1 on any difference.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import { join, resolve } from 'node:path';
import type { Policy } from '../scorer/src/engine/policy';
import type { Subject } from '../scorer/src/engine/types';
import { OBFUSCATIONS, obfuscate } from '../scorer/ml/obfuscate';
import { corpus } from './corpus';

type Normalize = typeof import('../scorer/src/normalize');
type Pattern = typeof import('../scorer/src/detectors/pattern');
type Registry = typeof import('../scorer/src/detectors/registry');
type Evaluate = typeof import('../scorer/src/engine/evaluate');
type PolicySet = typeof import('../policy/store/policy-set');

/** One build's entry points. */
interface Impl {
  readonly normalize: Normalize;
  readonly pattern: Pattern;
  readonly evaluate: (subject: Subject, policy: Policy) => Promise<unknown>;
  readonly policies: readonly Policy[];
}

function load(root: string): Impl {
  const load = createRequire(__filename);
  const req = <T>(p: string): T => load(join(root, p)) as T;
  const registry = req<Registry>('scorer/src/detectors/registry.js').createDefaultRegistry();
  const engine = req<Evaluate>('scorer/src/engine/evaluate.js').createEngine(registry);
  const defaults = req<PolicySet>('policy/store/policy-set.js').loadEmbeddedDefaults(registry).default;
  const patternsOnly: Policy = {
    ...defaults,
    id: 'patterns-only',
    detectors: Object.fromEntries(registry.ids().map((id) => [id, { enabled: id === 'pattern' || id === 'obfuscation' }])),
  };
  return {
    normalize: req<Normalize>('scorer/src/normalize/index.js'),
    pattern: req<Pattern>('scorer/src/detectors/pattern/index.js'),
    evaluate: (subject, policy) => engine.evaluate(subject, policy, undefined, { decisionId: 'eq' }),
    policies: [patternsOnly, defaults],
  };
}

/** Every character's original range, so two offset maps compare as plain arrays. */
function mapArray(view: { text: string; map: { toOriginal(s: number, e: number): [number, number] } }): number[] {
  const out: number[] = [];
  for (let i = 0; i < view.text.length; i++) out.push(...view.map.toOriginal(i, i + 1));
  return out;
}

/** Everything observable about one text in one build. */
async function fingerprint(impl: Impl, text: string, verdicts: boolean): Promise<unknown> {
  const seg = impl.normalize.normalizeSegment({ role: 'user', text }, 0);
  const views = [seg.clean, ...impl.normalize.scanViews(seg)];
  const hits = impl.pattern.builtInHits(seg).map((h) => [h.rule.id, h.span, h.obfuscated, h.via, views.indexOf(h.view), h.viewStart]);
  const out: Record<string, unknown> = {
    views: views.map((v) => ({ kind: v.kind, via: v.via, text: v.text, map: mapArray(v) })),
    signals: seg.signals,
    hits,
  };
  if (verdicts) {
    const subject: Subject = { direction: 'request', segments: [{ role: 'user', text }], meta: { requestId: 'eq' } };
    out.verdicts = await Promise.all(
      impl.policies.map(async (p) => {
        const { elapsedUs: _elapsed, ...rest } = (await impl.evaluate(subject, p)) as { elapsedUs: number };
        return rest;
      }),
    );
  }
  return out;
}

/** Fixtures, the bench corpus, every training text, and obfuscated copies of the attacks. */
function texts(): Array<{ source: string; text: string }> {
  const out: Array<{ source: string; text: string }> = [];
  const repo = resolve(__dirname, '..', '..');
  const fixtures = join(repo, 'test', 'fixtures');
  for (const f of readdirSync(fixtures).filter((n) => n.endsWith('.json')).sort()) {
    const j = JSON.parse(readFileSync(join(fixtures, f), 'utf8')) as { cases?: Array<string | { text: string }>; documents?: string[] };
    for (const c of [...(j.cases ?? []), ...(j.documents ?? [])]) out.push({ source: f, text: typeof c === 'string' ? c : c.text });
  }
  for (const bytes of [1024, 4096, 32_768]) for (const t of corpus(bytes, 200)) out.push({ source: `corpus-${bytes}`, text: t });
  const dirs = [join(repo, '..', 'shared', 'data', 'train'), join(repo, 'scorer', 'ml', 'data')];
  let seed = 1;
  for (const dir of dirs.filter((d) => existsSync(d))) {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) {
      for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        const row = JSON.parse(line) as { text?: unknown; label?: unknown };
        if (typeof row.text !== 'string') continue;
        out.push({ source: f, text: row.text });
        if (row.label !== 'injection' && row.label !== 'jailbreak') continue;
        for (const kind of OBFUSCATIONS) out.push({ source: `${f}:${kind}`, text: obfuscate(row.text, kind, seed++) });
      }
    }
  }
  return out;
}

async function main(): Promise<void> {
  const refRoot = process.argv[2];
  if (refRoot === undefined) throw new Error('usage: node dist/bench/equivalence.js <reference dist directory> [--no-verdicts]');
  const verdicts = !process.argv.includes('--no-verdicts');
  const ref = load(resolve(refRoot));
  const cur = load(resolve(__dirname, '..'));
  const all = texts();
  const diffs: Array<{ index: number; source: string; length: number; part: string }> = [];
  let hits = 0;
  for (const [index, { source, text }] of all.entries()) {
    const a = (await fingerprint(ref, text, verdicts)) as Record<string, unknown>;
    const b = (await fingerprint(cur, text, verdicts)) as Record<string, unknown>;
    hits += (a.hits as unknown[]).length;
    if (isDeepStrictEqual(a, b)) continue;
    const part = Object.keys(a).find((k) => !isDeepStrictEqual(a[k], b[k])) ?? '?';
    diffs.push({ index, source, length: text.length, part });
  }
  process.stdout.write(`${JSON.stringify({ texts: all.length, rule_hits: hits, verdicts, differences: diffs.length, first: diffs.slice(0, 10) }, null, 2)}\n`);
  if (diffs.length > 0) process.exitCode = 1;
}

void main();
