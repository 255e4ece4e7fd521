import test from 'ava';
import { CircuitBreaker, type BreakerState } from './breaker';

function breaker(failureThreshold = 3, recoveryThreshold = 2): { b: CircuitBreaker; changes: Array<[BreakerState, string]> } {
  const changes: Array<[BreakerState, string]> = [];
  return { b: new CircuitBreaker({ failureThreshold, recoveryThreshold, onChange: (s, why) => changes.push([s, why]) }), changes };
}

test('opens after the failure threshold in a row; a success in between starts the count again', (t) => {
  const { b, changes } = breaker(3);
  b.failure('x');
  b.failure('x');
  b.success();
  b.failure('x');
  b.failure('x');
  t.true(b.allowsCalls, 'only two in a row since the success');
  b.failure('UNAVAILABLE');
  t.false(b.allowsCalls);
  t.is(b.state, 'open');
  t.is(changes.length, 1);
  t.regex(changes[0]![1], /3 consecutive failures \(last: UNAVAILABLE\)/);
});

test('failed health probes count like failed calls', (t) => {
  const { b } = breaker(2);
  b.probe(false, 'NOT_SERVING');
  b.failure('DEADLINE_EXCEEDED');
  t.is(b.state, 'open');
  t.is(b.lastFailure, 'DEADLINE_EXCEEDED');
});

test('only healthy probes close it: the recovery threshold in a row; calls that happen to succeed do not', (t) => {
  const { b, changes } = breaker(1, 2);
  b.failure('down');
  t.is(b.state, 'open');
  b.success();
  t.is(b.state, 'open', 'a stray success does not close the circuit');
  b.probe(true);
  b.probe(false, 'NOT_SERVING');
  b.probe(true);
  t.is(b.state, 'open', 'the failed probe reset the healthy count');
  b.probe(true);
  t.is(b.state, 'closed');
  t.deepEqual(changes.map((c) => c[0]), ['open', 'closed']);
  t.is(changes[1]![1], '2 healthy probes in a row');
  t.is(b.failures, 0);
});

test('failures while open change nothing; healthy probes while closed reset the failure count', (t) => {
  const { b, changes } = breaker(2, 1);
  b.failure('a');
  b.probe(true);
  b.failure('b');
  t.is(b.state, 'closed', 'the healthy probe cleared the first failure');
  b.failure('c');
  b.failure('d');
  b.failure('e');
  t.is(changes.length, 1);
});
