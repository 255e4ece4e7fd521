/**
 * `npm run bench:agent`: what the agent, rag and leak detectors add to `evaluate()`. One request
 * carries 5 tool definitions (with JSON Schemas), a tool call in its history, a user prompt and 10 KB of
 * retrieved documents (a document and a tool result of 5 KB each, some with hidden text and links); one response
 * carries an answer with a tool call, checked against its exchange (system prompt, tools). Each subject
 * is evaluated by the full default registry and by a registry without the three detectors (pattern,
 * obfuscation and pii only; no model in either), interleaved
 * in one run; "added" is the difference of the percentiles. Prints JSON. Goal (issue "Agent
 * verification…"): added p99 ≤ 1 ms for the request.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createDefaultRegistry } from '../scorer/src/detectors/registry';
import { obfuscationDetector } from '../scorer/src/detectors/obfuscation';
import { patternDetector } from '../scorer/src/detectors/pattern';
import { piiDetector } from '../scorer/src/detectors/pii';
import { DetectorRegistry } from '../scorer/src/engine/detector';
import { createEngine, type Engine } from '../scorer/src/engine/evaluate';
import { exchangeOf } from '../scorer/src/engine/exchange';
import type { Policy } from '../scorer/src/engine/policy';
import type { Subject, ToolDefinition } from '../scorer/src/engine/types';
import { loadEmbeddedDefaults } from '../policy/store/policy-set';
import { corpus } from './corpus';
import { fixture } from '../test/helpers';
import { percentile, r1 } from './stats';

const ITERATIONS = 4_000;

const TOOLS: ToolDefinition[] = [
  { name: 'search_docs', description: 'Search the knowledge base', parameters: { type: 'object', properties: { query: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 50 } }, required: ['query'], additionalProperties: false } },
  { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { enum: ['c', 'f'] } }, required: ['city'] } },
  { name: 'send_email', description: 'Send an email', parameters: { type: 'object', properties: { to: { type: 'string' }, subject: { type: 'string' }, body: { type: 'string' } }, required: ['to', 'subject', 'body'] } },
  { name: 'run_sql', description: 'Read-only SQL', parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] } },
  { name: 'fetch_url', description: 'Fetch a web page', parameters: { type: 'object', properties: { url: { type: 'string' } }, required: ['url'] } },
];

const EXTRAS = [
  '<p>Shipping takes 3 days.<!-- internal note: check stock --></p>',
  'See the [docs](https://docs.example.com/guide?section=shipping) for details.',
  '<span style="display:none">tracking pixel</span>',
  '',
];

/**
 * Document-like text: the hand-written benign and attack documents of test/fixtures/rag-*.json (emails,
 * manuals, FAQs, recipes, READMEs, full of orders and questions), concatenated in a seeded order to
 * `bytes` characters. The prompt corpus would be all orders to an assistant, which documents are not.
 */
function documents(bytes: number, count: number): string[] {
  const pool = [...fixture<{ documents: string[] }>('rag-benign.json').documents, ...fixture<{ documents: string[] }>('rag-attacks.json').documents];
  const out: string[] = [];
  let seed = 7;
  for (let i = 0; i < count; i++) {
    let text = '';
    while (text.length < bytes) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      text += `${pool[seed % pool.length] as string}\n\n`;
    }
    out.push(text.slice(0, bytes));
  }
  return out;
}

function requestSubjects(n: number): Subject[] {
  const docs = documents(5 * 1024, n * 2);
  return Array.from({ length: n }, (_, i) => ({
    direction: 'request',
    segments: [
      { role: 'system', text: 'You are the support assistant of Example Corp. Answer from the documents only.' },
      { role: 'user', text: 'What does the shipping policy say about returns?' },
      { role: 'document', text: `${docs[2 * i] as string}\n${EXTRAS[i % EXTRAS.length] as string}` },
      { role: 'tool', text: docs[2 * i + 1] as string },
    ],
    toolCalls: [{ name: 'search_docs', arguments: '{"query":"shipping policy returns","limit":5}', precedingSegments: 2 }],
    tools: TOOLS,
    meta: { requestId: `bench-${i}` },
  }));
}

function responseSubjects(requests: readonly Subject[]): Subject[] {
  return requests.map((r, i) => ({
    direction: 'response',
    segments: [{ role: 'assistant', text: `${corpus(1024, 1, i)[0] as string}\nSee ![chart](https://cdn.example.com/c.png) for details.` }],
    toolCalls: [{ name: 'get_weather', arguments: '{"city":"Seoul","unit":"c"}' }],
    request: exchangeOf(r, []),
    meta: r.meta,
  }));
}

async function measure(full: Engine, base: Engine, policy: Policy, subjects: readonly Subject[]): Promise<Record<string, number>> {
  const opts = { decisionId: 'bench' };
  for (let i = 0; i < 1_000; i++) {
    const s = subjects[i % subjects.length] as Subject;
    await full.evaluate(s, policy, undefined, opts);
    await base.evaluate(s, policy, undefined, opts);
  }
  const a: number[] = [];
  const b: number[] = [];
  const ca: number[] = [];
  const cb: number[] = [];
  const cpu = (): number => {
    const u = process.cpuUsage();
    return u.user + u.system;
  };
  for (let i = 0; i < ITERATIONS; i++) {
    const s = subjects[i % subjects.length] as Subject;
    // Interleaved so both see the same machine load (the machine is shared). CPU time (µs resolution)
    // is reported too: it does not count the time the process waited for a core.
    let c0 = cpu();
    let t0 = performance.now();
    await full.evaluate(s, policy, undefined, opts);
    a.push((performance.now() - t0) * 1000);
    ca.push(cpu() - c0);
    c0 = cpu();
    t0 = performance.now();
    await base.evaluate(s, policy, undefined, opts);
    b.push((performance.now() - t0) * 1000);
    cb.push(cpu() - c0);
  }
  const pair = (x: number[], y: number[], p: number): [number, number] => [percentile(x, p), percentile(y, p)];
  const [f50, b50] = pair(a, b, 50);
  const [f99, b99] = pair(a, b, 99);
  const [cf50, cb50] = pair(ca, cb, 50);
  const [cf99, cb99] = pair(ca, cb, 99);
  return {
    full_p50_us: r1(f50),
    full_p99_us: r1(f99),
    base_p50_us: r1(b50),
    base_p99_us: r1(b99),
    added_p50_us: r1(f50 - b50),
    added_p99_us: r1(f99 - b99),
    cpu_added_p50_us: r1(cf50 - cb50),
    cpu_added_p99_us: r1(cf99 - cb99),
  };
}

async function main(): Promise<void> {
  const registry = createDefaultRegistry();
  const full = createEngine(registry);
  // The base keeps every detector that is not this (pii scans the documents too): the
  // difference is what agent, rag and leak add, not what personal-data scanning of 10 KB costs.
  const base = createEngine(new DetectorRegistry().register(patternDetector).register(obfuscationDetector).register(piiDetector));
  const policy = loadEmbeddedDefaults(registry).default;
  const requests = requestSubjects(100);
  const docBytes = Buffer.byteLength((requests[0] as Subject).segments.slice(2).map((s) => s.text).join(''));
  const request = await measure(full, base, policy, requests);
  const response = await measure(full, base, policy, responseSubjects(requests));
  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'agent',
        node: process.version,
        date: new Date().toISOString(),
        iterations: ITERATIONS,
        request: { tools: TOOLS.length, documentBytes: docBytes, ...request },
        response,
        loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
        goals: { request_added_p99_le_1ms: (request.added_p99_us as number) <= 1000, request_cpu_added_p99_le_1ms: (request.cpu_added_p99_us as number) <= 1000 },
      },
      null,
      2,
    )}\n`,
  );
}

void main();
