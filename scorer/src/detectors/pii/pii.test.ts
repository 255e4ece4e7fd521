/**
 * The pii detector: every entity type found in realistic text and not found in look-alikes, Korean and
 * English, through the real normaliser (fullwidth digits, zero-width characters) with spans in the
 * caller's original text. Examples were written for these tests; numbers with check digits were
 * computed, not copied.
 */
import test from 'ava';
import { piiDetector, DEFAULT_PII_CONFIG, scanText } from '.';
import { normalizeSubject } from '../../normalize';
import type { Finding } from '../../engine/types';
import { brnChecksumValid, cardBrand, crnChecksumValid, ibanValid, ipv6Valid, luhnValid, rrnChecksumValid, rrnShape, ssnValid } from './validators';
import { koreanNameScore } from './recognisers-person';

const THRESHOLD = 0.5;

/** What the default policy would mask: [type, matched text] pairs. */
function found(text: string): Array<[string, string]> {
  const s = normalizeSubject({ direction: 'request', segments: [{ role: 'user', text }], meta: { requestId: 't' } });
  const findings = piiDetector.detect(s, DEFAULT_PII_CONFIG, new AbortController().signal) as Finding[];
  const out: Array<[string, string, number]> = [];
  for (const f of findings) {
    if (f.score < THRESHOLD) continue;
    for (const sp of f.spans ?? []) out.push([sp.type ?? '', text.slice(sp.start, sp.end), sp.start]);
  }
  return out.sort((a, b) => a[2] - b[2]).map(([t, v]) => [t, v]);
}

// Each line: text, then the entities the detector must report (type and exact text), nothing else.
const POSITIVES: Array<[string, Array<[string, string]>]> = [
  ['주민등록번호는 900101-1234568 입니다', [['KR_RRN', '900101-1234568']]],
  ['제 주민번호 9001011234568 이에요', [['KR_RRN', '9001011234568']]],
  // Post-2020 form: random serial, no valid check digit, still a date and a gender digit.
  ['아이 번호 210315-3847261 로 접종 조회', [['KR_RRN', '210315-3847261']]],
  ['외국인등록번호: 900101-5234566', [['KR_FRN', '900101-5234566']]],
  ['법인등록번호 110111-0012346 로 등기부등본 발급', [['KR_CRN', '110111-0012346']]],
  ['사업자등록번호 220-81-62517 휴폐업 조회', [['KR_BRN', '220-81-62517']]],
  ['여권번호 M12345678 과 새 여권 M123A4567', [['KR_PASSPORT', 'M12345678'], ['KR_PASSPORT', 'M123A4567']]],
  ['운전면허번호 11-12-345678-90', [['KR_DRIVER_LICENSE', '11-12-345678-90']]],
  ['면허증: 서울 12-345678-90', [['KR_DRIVER_LICENSE', '서울 12-345678-90']]],
  ['환불은 신한은행 110-123-456789 계좌로 부탁드려요', [['KR_BANK_ACCOUNT', '110-123-456789']]],
  ['입금 계좌 국민 123456-01-123456 (예금주 홍길동)', [['KR_BANK_ACCOUNT', '123456-01-123456'], ['PERSON', '홍길동']]],
  ['건강보험증 번호 12345678901 로 자격 조회', [['KR_HEALTH_INSURANCE', '12345678901']]],
  ['연락처 010-1234-5678 로 문자 주세요', [['PHONE', '010-1234-5678']]],
  ['사무실 02-123-4567, 팩스 (031) 234-5678', [['PHONE', '02-123-4567'], ['PHONE', '(031) 234-5678']]],
  ['Call +82 10 1234 5678 or +1 (415) 555-0132', [['PHONE', '+82 10 1234 5678'], ['PHONE', '+1 (415) 555-0132']]],
  ['제 번호는 공일공 일이삼사 오육칠팔 이에요', [['PHONE', '공일공 일이삼사 오육칠팔']]],
  ['Phone: 0490 75 40 81', [['PHONE', '0490 75 40 81']]],
  ['mail john.doe@example.com today', [['EMAIL', 'john.doe@example.com']]],
  ['To: ganesh@moonchaser.ioHi Ganesh', [['EMAIL', 'ganesh@moonchaser.io']]],
  ['card 4111 1111 1111 1111 exp 12/25', [['CREDIT_CARD', '4111 1111 1111 1111']]],
  ['amex 3782-822463-10005 please', [['CREDIT_CARD', '3782-822463-10005']]],
  ['server 192.168.10.24 and fe80::1ff:fe23:4567:890a', [['IP_ADDRESS', '192.168.10.24'], ['IP_ADDRESS', 'fe80::1ff:fe23:4567:890a']]],
  ["Here's my SSN: 460-89-9847", [['US_SSN', '460-89-9847']]],
  ['IBAN GB82 WEST 1234 5698 7654 32 for the transfer', [['IBAN', 'GB82 WEST 1234 5698 7654 32']]],
  ['주소: 서울특별시 강남구 테헤란로 123, 4층', [['KR_ADDRESS', '서울특별시 강남구 테헤란로 123, 4층']]],
  ['경기도 화성시 봉담읍 와우리 123-4번지로 보내 주세요', [['KR_ADDRESS', '경기도 화성시 봉담읍 와우리 123-4번지']]],
  ['이름: 홍길동, 담당자 김민수 과장님', [['PERSON', '홍길동'], ['PERSON', '김민수']]],
  ['이영희 고객님께서 문의하셨고 저는 박지성입니다', [['PERSON', '이영희'], ['PERSON', '박지성']]],
  ['보호자 남궁민수 씨가 서명했습니다', [['PERSON', '남궁민수']]],
  // A title between the label and the name is skipped, not taken for the name.
  ['담당 주무관 이서연 (044-201-3456)', [['PERSON', '이서연'], ['PHONE', '044-201-3456']]],
  ['입금자명은 장예은 으로 해 주세요', [['PERSON', '장예은']]],
  ['My name is John Smith and I live here. Dear Ms. Brown,', [['PERSON', 'John Smith'], ['PERSON', 'Brown']]],
];

const SECRETS: Array<[string, string]> = [
  ['OPENAI_API_KEY=sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z', 'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z'],
  [`key sk-ant-api03-${'aB3'.repeat(30)} end`, `sk-ant-api03-${'aB3'.repeat(30)}`],
  ['aws AKIAIOSFODNN7EXAMPLE', 'AKIAIOSFODNN7EXAMPLE'],
  ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
  ['token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', 'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789'],
  ['slack xoxb-1234567890-abcdefghij', 'xoxb-1234567890-abcdefghij'],
  ['google AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q', 'AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q'],
  [
    'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  ],
  ['-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----', '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----'],
  ['db postgres://admin:s3cr3tP4ss@db.internal:5432/app', 's3cr3tP4ss'],
  ['비밀번호는 qwer1234! 입니다', 'qwer1234!'],
];

/** Look-alikes: the detector must report nothing the default policy would mask. */
const NEGATIVES = [
  '회의는 2024-01-15 14:30:00 에 시작합니다',
  '제출 기한은 2024.01.15 까지, 20240115 기준',
  '결제 금액은 1,234,567원이고 $1,234.56 환불',
  '버전 v2.3.1 과 10.0.19045.3693 빌드, release 1.2.3.4',
  '주문번호 ORD-2024-000123 과 INV-2024-0193 확인',
  '주문번호 2401151234567 배송 조회',
  '송장번호 6012-3456-7890 로 조회가 안 됩니다',
  '고객센터 1588-1234 또는 1644-5678 로 문의하세요',
  '카드번호 4111 1111 1111 1112 가 거절됩니다',
  '사업자등록번호 123-45-67890 은 없는 번호라고 나와요',
  '주민등록번호 901332-1234567 형식이 맞지 않는다고 떠요',
  '상품 바코드 8801234567893 재고 확인',
  '고객님, 문의해 주셔서 감사합니다. 선생님께서 말씀하신 자료는 과장님께 전달했습니다.',
  '담당 주무관에게 문의하시고, 입금자명은 본인 이름으로 적어 주세요.',
  '강남역 3번 출구에서 10분 거리, 서울로 2번 출장',
  'ISBN 978-89-1234-567-8 도서',
  'The ratio was 3.14 and the build took 12 minutes',
  'sk-learn-tutorial-for-beginners is a blog post',
  'password: ******** and api_key=<your-key-here>',
  'Dear Sir or Madam, I am Happy to help',
  // Seen in real chat (benign_ko_chatbot_songys): a colleague word before 님, a label glued to a word.
  '사수님 너무 좋아',
  '수신차단의 의미',
];

for (const [text, expected] of POSITIVES) {
  test(`finds ${expected.map((e) => e[0]).join(', ')}: ${text.slice(0, 40)}`, (t) => {
    t.deepEqual(found(text), expected);
  });
}

for (const [text, secret] of SECRETS) {
  test(`finds API_KEY (category secret): ${text.slice(0, 30)}`, (t) => {
    t.deepEqual(found(text), [['API_KEY', secret]]);
    const s = normalizeSubject({ direction: 'response', segments: [{ role: 'assistant', text }], meta: { requestId: 't' } });
    const f = (piiDetector.detect(s, DEFAULT_PII_CONFIG, new AbortController().signal) as Finding[]).find((x) => x.score >= THRESHOLD);
    t.is(f?.category, 'secret');
  });
}

for (const text of NEGATIVES) {
  test(`look-alike stays clean: ${text.slice(0, 40)}`, (t) => {
    t.deepEqual(found(text), []);
  });
}

test('fullwidth digits and zero-width characters inside a number are found; spans point into the original', (t) => {
  const text = '주민번호 ９００１０１－１２３４５６８ 그리고 010\u200b-1234-\u200b5678';
  const hits = found(text);
  t.deepEqual(hits, [
    ['KR_RRN', '９００１０１－１２３４５６８'],
    ['PHONE', '010\u200b-1234-\u200b5678'],
  ]);
});

test('findings carry type and spans but never the matched text', (t) => {
  const text = '연락처 010-1234-5678, 주민번호 900101-1234568';
  const s = normalizeSubject({ direction: 'request', segments: [{ role: 'user', text }], meta: { requestId: 't' } });
  const findings = piiDetector.detect(s, DEFAULT_PII_CONFIG, new AbortController().signal) as Finding[];
  const json = JSON.stringify(findings);
  t.false(json.includes('1234-5678'));
  t.false(json.includes('900101'));
  t.true(findings.every((f) => f.detector === 'pii' && f.category === 'pii' && (f.spans ?? []).every((sp) => typeof sp.type === 'string')));
});

test('numbers among text dense with digits are found as among prose', (t) => {
  // A run of digits every few characters switches the recognisers from trying each run to one global
  // scan (matching.ts); both must report the same entities. The fillers keep the lines out of each
  // other's context windows.
  const expected = POSITIVES.flatMap(([, e]) => e);
  const join = (filler: string): string => POSITIVES.map(([text]) => `${filler}\n${text}\n`).join('') + filler;
  t.deepEqual(found(join('1, '.repeat(40))), expected);
  t.deepEqual(found(join('a, '.repeat(40))), expected);
});

test('context raises and lowers confidence', (t) => {
  const score = (text: string, type: string): number => Math.max(0, ...scanText(text).filter((c) => c.type === type).map((c) => c.score));
  // A contiguous 13-digit number without a valid check digit needs the word 주민번호.
  t.true(score('주민번호 2401151234567', 'KR_RRN') >= THRESHOLD);
  t.true(score('번호 2401151234567', 'KR_RRN') < THRESHOLD);
  // Bank accounts exist only next to bank words.
  t.true(score('농협 계좌 301-1234-5678-91', 'KR_BANK_ACCOUNT') >= THRESHOLD);
  t.is(score('코드 301-1234-5678-91', 'KR_BANK_ACCOUNT'), 0);
  // A grouped number is a phone only when a phone word is near.
  t.true(score('Phone: 467 3395', 'PHONE') >= THRESHOLD);
  t.is(score('Room 467 3395', 'PHONE'), 0);
});

test('config: disabled types and roles', (t) => {
  const text = '연락처 010-1234-5678 메일 a.b@example.com';
  const s = normalizeSubject({ direction: 'request', segments: [{ role: 'system', text }, { role: 'user', text }], meta: { requestId: 't' } });
  const types = (cfg: typeof DEFAULT_PII_CONFIG) =>
    (piiDetector.detect(s, cfg, new AbortController().signal) as Finding[]).flatMap((f) => (f.spans ?? []).map((sp) => `${sp.segment}:${sp.type}`)).sort();
  t.deepEqual(types(DEFAULT_PII_CONFIG), ['0:EMAIL', '0:PHONE', '1:EMAIL', '1:PHONE']);
  t.deepEqual(types({ ...DEFAULT_PII_CONFIG, disabledTypes: ['PHONE'] }), ['0:EMAIL', '1:EMAIL']);
  t.deepEqual(types({ ...DEFAULT_PII_CONFIG, requestRoles: ['user'] }), ['1:EMAIL', '1:PHONE']);
});

test('validators', (t) => {
  t.true(rrnChecksumValid('9001011234568'));
  t.false(rrnChecksumValid('9001011234567'));
  t.deepEqual(rrnShape('9013321234567').valid, false);
  t.true(rrnShape('0402294123456').valid, '2004-02-29 exists');
  t.false(rrnShape('0502294123456').valid, '2005-02-29 does not');
  t.true(brnChecksumValid('2208162517'));
  t.false(brnChecksumValid('1234567890'));
  t.true(crnChecksumValid('1101110012346'));
  t.true(luhnValid('4111111111111111'));
  t.false(luhnValid('4111111111111112'));
  t.is(cardBrand('378282246310005'), 'amex');
  t.is(cardBrand('1234567812345670'), undefined);
  t.true(ibanValid('GB82WEST12345698765432'));
  t.false(ibanValid('GB82WEST12345698765433'));
  t.true(ssnValid('460899847'));
  t.false(ssnValid('666123456'));
  t.false(ssnValid('900123456'));
  t.true(ipv6Valid('2001:db8::1'));
  t.false(ipv6Valid('12:30:45'));
  t.true(koreanNameScore('홍길동') > 0);
  t.is(koreanNameScore('고객'), 0);
  t.is(koreanNameScore('선생'), 0);
});
