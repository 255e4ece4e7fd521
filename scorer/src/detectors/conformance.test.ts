/**
 * Conformance: every registered detector, whatever it does, honours the contract: nothing on empty
 * input, deterministic, scores in 0..1, spans inside their segment, a known category, and it stops when
 * the signal is already aborted.
 */
import test from 'ava';
import { createDefaultRegistry } from './registry';
import { loadInjectionModel } from './ml';
import { DEFAULT_MODEL_DIR } from './ml/paths';
import { CATEGORIES, type Subject } from '../engine/types';
import { normalizeSubject } from '../normalize';
import { fixture } from '../../../test/helpers';

// Declared from the registry's shape; run against detectors backed by the committed model.
const registry = createDefaultRegistry();
const loaded = loadInjectionModel(DEFAULT_MODEL_DIR);
const withModel = loaded.then((mlModel) => createDefaultRegistry({ mlModel }));
test.after.always(async () => (await loaded).close());
const attacks = fixture<{ cases: Array<{ text: string }> }>('attacks.json').cases.map((c) => c.text);
const benign = fixture<{ cases: string[] }>('benign.json').cases;
const samples = [...attacks, ...benign, 'i\u200bg\u200bnore \u{E0069}\u{E0067}', '\u202eevil\u202c', ''];

function subject(texts: string[], direction: 'request' | 'response'): Subject {
  return {
    direction,
    segments: texts.map((text) => ({ role: direction === 'request' ? 'user' : 'assistant', text })),
    meta: { requestId: 'conformance' },
  };
}

test('the registry rejects a duplicate id', (t) => {
  const r = createDefaultRegistry();
  const first = r.list()[0]!;
  t.throws(() => r.register({ ...first }), { message: /already registered/ });
});

for (const declared of registry.list()) {
  for (const direction of declared.directions) {
    const config = declared.defaultConfig;
    const never = new AbortController().signal;
    const id = declared.id;

    test(`${id} (${direction}): empty input gives no findings`, async (t) => {
      const detector = (await withModel).get(id)!;
      t.deepEqual(await detector.detect(normalizeSubject(subject([], direction)), config, never), []);
      t.deepEqual(await detector.detect(normalizeSubject(subject([''], direction)), config, never), []);
    });

    test(`${id} (${direction}): deterministic, scores in range, spans inside the text`, async (t) => {
      const detector = (await withModel).get(id)!;
      const s = normalizeSubject(subject(samples, direction));
      const a = await detector.detect(s, config, never);
      const b = await detector.detect(normalizeSubject(subject(samples, direction)), config, never);
      t.deepEqual(a, b);
      for (const f of a) {
        t.is(f.detector, detector.id);
        t.true((CATEGORIES as readonly string[]).includes(f.category), f.category);
        t.true(f.score >= 0 && f.score <= 1, `score ${f.score}`);
        for (const span of f.spans ?? []) {
          const text = samples[span.segment];
          t.truthy(text !== undefined, `segment ${span.segment}`);
          t.true(span.start >= 0 && span.start < span.end && span.end <= (text ?? '').length, `${span.start}-${span.end}`);
        }
      }
    });

    test(`${id} (${direction}): honours an aborted signal`, async (t) => {
      const detector = (await withModel).get(id)!;
      const ctrl = new AbortController();
      ctrl.abort(new Error('deadline'));
      await t.throwsAsync(async () => detector.detect(normalizeSubject(subject(samples, direction)), config, ctrl.signal));
    });
  }
}
