/**
 * Masking strategies through evaluate(): the policy's `masking` section picks redact, partial, hash or
 * tokenize per entity type, and the engine stays pure (tokens are numbered, not stored).
 */
import test from 'ava';
import type { Policy } from './policy';
import { canonicalValue, hashToken, partialMask, policyMasker } from './mask-strategies';
import { defaultPolicy, engine, subjectOf } from '../../../test/helpers';
import { validatePolicy } from '../../../policy/store/validate';
import { createDefaultRegistry } from '../detectors/registry';

const TEXT = '주민번호 900101-1234568, 연락처 010-1234-5678, 메일 Hong.GD@example.com, 다시 010-1234-5678';

function withMasking(masking: Policy['masking']): Policy {
  return { ...defaultPolicy, masking };
}

const masked = async (policy: Policy, direction: 'request' | 'response' = 'request', hashKey?: string): Promise<string | undefined> => {
  const v = await engine.evaluate(subjectOf(TEXT, direction), policy, undefined, hashKey !== undefined ? { hashKey } : {});
  return v.masked?.segments[0]?.text;
};

test('redact (the default without a masking section): [TYPE] labels', async (t) => {
  t.is(await masked(withMasking(undefined)), '주민번호 [KR_RRN], 연락처 [PHONE], 메일 [EMAIL], 다시 [PHONE]');
});

test('partial keeps the harmless part', async (t) => {
  t.is(await masked(withMasking({ request: { default: 'partial' } })), '주민번호 900101-1******, 연락처 010-****-5678, 메일 H******@example.com, 다시 010-****-5678');
  t.is(partialMask('CREDIT_CARD', '4111-1111-1111-1111'), '****-****-****-1111');
  t.is(partialMask('PERSON', '홍길동'), '홍**');
  t.is(partialMask('PERSON', 'John Smith'), 'J*** S****');
  t.is(partialMask('IP_ADDRESS', '192.168.0.1'), '192.*.*.*');
  t.is(partialMask('API_KEY', 'sk-proj-abcdef'), 'sk-pr**-******');
  t.is(partialMask('KR_ADDRESS', '테헤란로 123, 4층'), '테헤란로 ***, *층');
});

test('hash is a keyed HMAC token: stable per value, different per key, separators do not matter', async (t) => {
  const a = await masked(withMasking({ request: { default: 'hash' } }), 'request', 'k'.repeat(32));
  const b = await masked(withMasking({ request: { default: 'hash' } }), 'request', 'k'.repeat(32));
  const c = await masked(withMasking({ request: { default: 'hash' } }), 'request', 'other-key-of-32-characters-long!');
  t.is(a, b);
  t.not(a, c);
  t.regex(a ?? '', /^주민번호 \[KR_RRN:[0-9a-f]{12}\], 연락처 (\[PHONE:[0-9a-f]{12}\]), 메일 \[EMAIL:[0-9a-f]{12}\], 다시 \1$/);
  t.is(hashToken('k', 'PHONE', '010-1234-5678'), hashToken('k', 'PHONE', '01012345678'));
  t.is(canonicalValue('EMAIL', 'A@B.com'), 'a@b.com');
  t.false((a ?? '').includes('1234'));
  // Without a key the engine never falls back to an unkeyed hash.
  t.is(await masked(withMasking({ request: { default: 'hash' } })), '주민번호 [KR_RRN], 연락처 [PHONE], 메일 [EMAIL], 다시 [PHONE]');
});

test('tokenize numbers tokens per type; the same value gets the same token', async (t) => {
  t.is(await masked(withMasking({ request: { default: 'tokenize' } })), '주민번호 [[KR_RRN_1]], 연락처 [[PHONE_1]], 메일 [[EMAIL_1]], 다시 [[PHONE_1]]');
  const m = policyMasker({ request: { default: 'tokenize' } }, 'request');
  t.is(m({ segment: 0, start: 0, end: 1, type: 'PHONE' }, '010-1111-2222'), '[[PHONE_1]]');
  t.is(m({ segment: 0, start: 0, end: 1, type: 'PHONE' }, '010-3333-4444'), '[[PHONE_2]]');
  t.is(m({ segment: 0, start: 0, end: 1, type: 'PHONE' }, '01011112222'), '[[PHONE_1]]');
});

test('per-type strategies and per-direction rules; tokenize never applies to answers', async (t) => {
  const p = withMasking({ request: { default: 'redact', types: { KR_RRN: 'partial', EMAIL: 'tokenize' } }, response: { default: 'partial' } });
  t.is(await masked(p), '주민번호 900101-1******, 연락처 [PHONE], 메일 [[EMAIL_1]], 다시 [PHONE]');
  t.is(await masked(p, 'response'), '주민번호 900101-1******, 연락처 010-****-5678, 메일 H******@example.com, 다시 010-****-5678');
  t.is(policyMasker({ request: { default: 'tokenize' } }, 'response')({ segment: 0, start: 0, end: 1, type: 'PHONE' }, '010'), '[PHONE]');
});

test('the policy schema accepts masking sections and rejects bad ones with a path', (t) => {
  const registry = createDefaultRegistry();
  t.notThrows(() => validatePolicy({ ...defaultPolicy, masking: { request: { default: 'tokenize', types: { KR_RRN: 'partial' } }, response: { default: 'hash' } } }, registry));
  t.throws(() => validatePolicy({ ...defaultPolicy, masking: { request: { default: 'scramble' } } }, registry), { message: /\/masking\/request\/default/ });
  t.throws(() => validatePolicy({ ...defaultPolicy, masking: { response: { default: 'tokenize' } } }, registry), { message: /\/masking\/response\/default/ });
  t.throws(() => validatePolicy({ ...defaultPolicy, masking: { request: { types: { 'bad type': 'redact' } } } }, registry), { message: /masking\/request\/types/ });
});
