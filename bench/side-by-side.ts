/**
 * `npm run bench:compare [-- --only NAME,…] [--no-obfuscation] [--json FILE]`: the same evaluation as `npm run eval` (same rows, same obfuscated copies,
 * same metrics) for other prompt-injection detectors that install from npm and run locally without a
 * network. They live in `bench/side-by-side/` (own package.json, installed by this script's npm
 * command) so Aegis does not depend on them. Prints a table; `--json FILE` writes the report.
 *
 * How each is read: `@andersmyrmel/vard` — `vard.safe(text)`, flagged when not safe, score = highest
 * threat severity; `llm-guard` — `LLMGuard({promptInjection, jailbreak})`, flagged when invalid;
 * `llm_guardrail` — `checkInjection` and `checkJailbreak`, flagged when either detects, score = the
 * higher confidence. Scores are mapped monotonically so that "flagged" lands at ≥ 0.7, the default
 * policy's threshold, and the report's policy column is each tool's own decision.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultFiles, loadRows } from '../scorer/ml/dataset';
import { buildReport, itemsOf, scoreItems, type EvalItem, type EvalReport, type ModelScore } from '../scorer/ml/evaluate';
import { REPO_ROOT } from '../scorer/ml/paths';

type Check = (text: string) => Promise<{ flagged: boolean; score: number }>;

const DIR = join(REPO_ROOT, 'bench', 'side-by-side', 'node_modules');
const load = createRequire(join(DIR, 'noop.js'));
// Keep `import()` a real dynamic import in CommonJS output: two of the three are ES modules.
const importEsm = new Function('p', 'return import(p)') as (p: string) => Promise<Record<string, unknown>>;

async function tools(): Promise<Record<string, { version: string; check: Check }>> {
  const version = (name: string): string => (load(join(DIR, name, 'package.json')) as { version: string }).version;
  const vardMod = await importEsm(join(DIR, '@andersmyrmel/vard/dist/index.js'));
  const vard = (vardMod.default ?? vardMod.vard) as { safe(t: string): { safe: boolean; threats?: Array<{ severity: number }> } };
  const { LLMGuard } = load(join(DIR, 'llm-guard')) as { LLMGuard: new (c: object) => { validate(t: string): Promise<{ isValid: boolean }> } };
  const guard = new LLMGuard({ promptInjection: true, jailbreak: true, pii: false, profanity: false, relevance: false, toxicity: false });
  const gr = (await importEsm(join(DIR, 'llm_guardrail/index.js'))) as Record<string, (t: string) => Promise<{ detected: boolean; confidence: number }>>;
  return {
    [`@andersmyrmel/vard@${version('@andersmyrmel/vard')}`]: {
      version: version('@andersmyrmel/vard'),
      check: async (t) => {
        const r = vard.safe(t);
        const sev = (r.threats ?? []).reduce((m, x) => Math.max(m, x.severity), 0);
        return { flagged: !r.safe, score: sev };
      },
    },
    [`llm-guard@${version('llm-guard')}`]: {
      version: version('llm-guard'),
      check: async (t) => {
        const r = await guard.validate(t);
        return { flagged: !r.isValid, score: r.isValid ? 0 : 1 };
      },
    },
    [`llm_guardrail@${version('llm_guardrail')}`]: {
      version: version('llm_guardrail'),
      check: async (t) => {
        const [a, b] = await Promise.all([(gr.checkInjection as (t: string) => Promise<{ detected: boolean; confidence: number }>)(t), (gr.checkJailbreak as (t: string) => Promise<{ detected: boolean; confidence: number }>)(t)]);
        return { flagged: a.detected || b.detected, score: Math.max(a.confidence, b.confidence) };
      },
    },
  };
}

/** Monotone map: flagged texts land in [0.7, 1], others in [0, 0.7). */
function toScore(r: { flagged: boolean; score: number }): ModelScore {
  const s = Math.min(1, Math.max(0, r.score));
  return { p: r.flagged ? 0.7 + 0.3 * s : 0.69 * s, category: 'prompt_injection' };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { json: { type: 'string' }, only: { type: 'string' }, 'no-obfuscation': { type: 'boolean' } }, allowPositionals: true });
  const only = values.only?.split(',');
  const { rows } = loadRows(positionals.length > 0 ? positionals : defaultFiles());
  const items: EvalItem[] = itemsOf(rows, values['no-obfuscation'] !== true);
  const out: Record<string, EvalReport> = {};
  for (const [name, tool] of Object.entries(await tools())) {
    if (only && !only.some((o) => name.startsWith(o))) continue;
    const t0 = Date.now();
    const scores: ModelScore[] = [];
    for (const it of items) scores.push(toScore(await tool.check(it.text)));
    out[name] = buildReport(items, await scoreItems(items, scores));
    process.stderr.write(`${name}: ${items.length} items in ${Date.now() - t0} ms\n`);
  }
  if (values.json) writeFileSync(values.json, `${JSON.stringify({ date: new Date().toISOString().slice(0, 10), node: process.version, tools: out }, null, 2)}\n`);
  const pct = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
  for (const [name, r] of Object.entries(out)) {
    process.stdout.write(`\n## ${name}\n| group | n+ | n- | AUC | TPR@1%FPR | own decision TPR | FPR |\n|---|---|---|---|---|---|---|\n`);
    for (const g of r.groups) process.stdout.write(`| ${g.group} | ${g.positives} | ${g.negatives} | ${g.model.auc ?? '–'} | ${pct(g.model.tprAt1pctFpr)} | ${pct(g.model.policy.tpr)} | ${pct(g.model.policy.fpr)} |\n`);
    process.stdout.write(`obfuscation recall: ${Object.entries(r.obfuscation.model).map(([k, v]) => `${k} ${pct(v)}`).join(', ')}\n`);
  }
}

void main();
