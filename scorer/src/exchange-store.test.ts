import test from 'ava';
import { MemoryExchangeStore } from './exchange-store';

const x = (n: number) => ({ system: [`prompt ${n}`], tools: [], untrustedRisk: 0 });

test('entries expire after the TTL', (t) => {
  let now = 1_000;
  const store = new MemoryExchangeStore(100, 10, () => now);
  store.set('a', x(1));
  t.deepEqual(store.get('a'), x(1));
  now += 99;
  t.truthy(store.get('a'));
  now += 1;
  t.is(store.get('a'), undefined);
  t.is(store.size, 0);
});

test('at most `max` entries: the oldest go first; TTL 0 keeps nothing', (t) => {
  const store = new MemoryExchangeStore(60_000, 3, () => 0);
  for (let i = 0; i < 5; i++) store.set(`r${i}`, x(i));
  t.is(store.size, 3);
  t.is(store.get('r0'), undefined);
  t.is(store.get('r1'), undefined);
  t.deepEqual(store.get('r4'), x(4));
  const off = new MemoryExchangeStore(0);
  off.set('a', x(1));
  t.is(off.get('a'), undefined);
});
