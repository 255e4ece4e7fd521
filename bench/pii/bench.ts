/**
 * `npm run bench:pii`: cost of the `pii` detector in µs per KB of text (goal ≤ 30), on documents of
 * about 4 KB: Korean and English text (real Korean chat lines from benign_ko_chatbot_songys and English
 * prompts from benign_awesome_chatgpt_prompts, one line in five replaced by a line with personal
 * data from the evaluation sets), the same sets with nothing but personal-data lines (a worst case,
 * 15–60 entities per document) and the mixed prompts of bench/corpus.ts. The normaliser runs outside
 * the timed region (it is shared by every detector; `bench:engine` measures it). Reports the mean and
 * percentiles of wall-clock µs per KB and the process CPU time per KB; on a shared machine the median
 * is the steadier number, and the goals are judged on it. Prints JSON.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_PII_CONFIG, piiDetector } from '../../scorer/src/detectors/pii';
import { normalizeSubject, type NormalizedSubject } from '../../scorer/src/normalize';
import { corpus } from '../corpus';
import { percentile, r1 } from '../stats';

const ROOT = join(__dirname, '..', '..', '..');
const DOC_BYTES = 4096;

const lines = (file: string): string[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { text: string }).text);

/** `count` documents of about 4 KB: lines of `plain`, every `every`-th replaced by a line of `pii`. */
function docsFrom(plain: readonly string[], pii: readonly string[], every: number, count: number): string[] {
  const docs: string[] = [];
  let k = 0;
  let j = 0;
  for (let i = 0; i < count; i++) {
    let doc = '';
    while (Buffer.byteLength(doc) < DOC_BYTES) {
      k++;
      doc += `${k % every === 0 ? pii[j++ % pii.length] : plain[k % plain.length]}\n`;
    }
    docs.push(doc);
  }
  return docs;
}

function measure(docs: readonly string[], iterations: number): Record<string, number> {
  const subjects: NormalizedSubject[] = docs.map((text, i) => normalizeSubject({ direction: 'request', segments: [{ role: 'user', text }], meta: { requestId: `b${i}` } }));
  const kb = docs.map((d) => Buffer.byteLength(d) / 1024);
  const signal = new AbortController().signal;
  for (let i = 0; i < 300; i++) piiDetector.detect(subjects[i % subjects.length] as NormalizedSubject, DEFAULT_PII_CONFIG, signal);
  const perKb: number[] = [];
  let spans = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  let totalKb = 0;
  for (let i = 0; i < iterations; i++) {
    const j = i % subjects.length;
    const t0 = performance.now();
    const f = piiDetector.detect(subjects[j] as NormalizedSubject, DEFAULT_PII_CONFIG, signal) as Array<{ spans?: unknown[] }>;
    perKb.push(((performance.now() - t0) * 1000) / (kb[j] as number));
    totalKb += kb[j] as number;
    if (i < subjects.length) spans += f.reduce((n, x) => n + (x.spans?.length ?? 0), 0);
  }
  const elapsedUs = (performance.now() - start) * 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    docs: docs.length,
    doc_kb: r1(kb.reduce((a, b) => a + b, 0) / kb.length),
    iterations,
    mean_us_per_kb: r1(elapsedUs / totalKb),
    cpu_us_per_kb: r1((cpu.user + cpu.system) / totalKb),
    p50_us_per_kb: r1(percentile(perKb, 50)),
    p99_us_per_kb: r1(percentile(perKb, 99)),
    entities_per_doc: r1(spans / Math.min(iterations, subjects.length)),
  };
}

function main(): void {
  const train = join(ROOT, '..', 'shared', 'data', 'train');
  const koPii = lines(join(ROOT, 'bench', 'pii', 'ko-pii-synth.jsonl'));
  const enPii = lines(join(train, 'pii_presidio_research_synth_v2.jsonl'));
  const koPlain = lines(join(train, 'benign_ko_chatbot_songys.jsonl'));
  const enPlain = lines(join(train, 'benign_awesome_chatgpt_prompts.jsonl'));
  const results = {
    korean: measure(docsFrom(koPlain, koPii, 5, 100), 3000),
    english: measure(docsFrom(enPlain, enPii, 5, 100), 3000),
    korean_pii_only: measure(docsFrom(koPii, koPii, 1, 100), 2000),
    english_pii_only: measure(docsFrom(enPii, enPii, 1, 100), 2000),
    mixed_prompts: measure(corpus(DOC_BYTES, 100), 3000),
  };
  const goals = {
    korean_p50_le_30_us_per_kb: (results.korean.p50_us_per_kb as number) <= 30,
    english_p50_le_30_us_per_kb: (results.english.p50_us_per_kb as number) <= 30,
  };
  process.stdout.write(`${JSON.stringify({ bench: 'pii', node: process.version, date: new Date().toISOString(), results, goals }, null, 2)}\n`);
}

main();
