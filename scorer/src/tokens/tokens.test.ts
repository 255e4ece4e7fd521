/** The token vault and its in-process store: TTL, sealing, restoring only known tokens. */
import test from 'ava';
import type { Subject } from '../engine/types';
import { MemoryTokenStore } from './store';
import { mergeEdits, TokenVault } from './vault';

const subject: Subject = { direction: 'request', segments: [{ role: 'user', text: '번호 010-1234-5678 끝' }], meta: { requestId: 'r1' } };
const edits = [{ segment: 0, start: 3, end: 16, replacement: '[[PHONE_1]]' }];

test('the memory store expires maps after their TTL and stays bounded', async (t) => {
  let now = 1_000;
  const store = new MemoryTokenStore(2, () => now);
  await store.put('a', { x: '1' }, 10);
  await store.put('a', { y: '2' }, 10);
  t.deepEqual(await store.get('a'), { x: '1', y: '2' });
  now += 10_001;
  t.deepEqual(await store.get('a'), {});
  await store.put('b', { x: '1' }, 10);
  await store.put('c', { x: '1' }, 10);
  await store.put('d', { x: '1' }, 10);
  t.deepEqual(await store.get('b'), {}, 'the oldest map is dropped past the bound');
  t.deepEqual(await store.get('d'), { x: '1' });
});

test('the vault seals values, restores known tokens only, and not with another key', async (t) => {
  const store = new MemoryTokenStore();
  const vault = new TokenVault(store, 'a-secret-of-sixteen+', 60);
  t.is(await vault.remember({ requestId: 'r1' }, subject, [...edits, { segment: 0, start: 0, end: 2, replacement: '[PERSON]' }]), 1);
  const raw = await store.get('-:r1');
  t.deepEqual(Object.keys(raw), ['[[PHONE_1]]']);
  t.false(Object.values(raw).join('').includes('010-1234-5678'));
  const answer = [{ role: 'assistant' as const, text: '[[PHONE_1]] 로 연락, [[PHONE_2]] 는 모름' }];
  t.deepEqual(await vault.restoreEdits({ requestId: 'r1' }, answer), [{ segment: 0, start: 0, end: 11, replacement: '010-1234-5678' }]);
  t.deepEqual(await vault.restoreEdits({ requestId: 'r2' }, answer), []);
  t.deepEqual(await vault.restoreEdits({ requestId: 'r1', tenant: 't' }, answer), []);
  const otherKey = new TokenVault(store, 'another-secret-1234', 60);
  t.deepEqual(await otherKey.restoreEdits({ requestId: 'r1' }, answer), [], 'sealed with another key: not restorable');
});

test('mergeEdits sorts and drops overlaps', (t) => {
  const a = [{ segment: 0, start: 5, end: 9, replacement: 'A' }];
  const b = [{ segment: 0, start: 0, end: 2, replacement: 'B' }, { segment: 0, start: 8, end: 12, replacement: 'C' }, { segment: 1, start: 0, end: 1, replacement: 'D' }];
  t.deepEqual(mergeEdits(a, b).map((e) => e.replacement), ['B', 'A', 'D']);
});
