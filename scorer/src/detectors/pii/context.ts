/**
 * Context words: text near a candidate that makes it more (or less) likely to be what its shape says.
 * "주민등록번호: 900101-1234567" is surely a resident number; "주문번호 240115-1234567" surely is not.
 * Words are matched in a small window before (and a smaller one after) the candidate, case-insensitive;
 * Latin words must stand alone ("tel" does not match "hotel"), Hangul words match inside longer words
 * because Korean attaches particles ("계좌번호는", "연락처로").
 */

/** A compiled list of context words. */
export class ContextWords {
  /**
   * Hangul and other words match anywhere; Latin words must not continue a word on either side. One
   * regex for both, so a window costs one search.
   */
  readonly #re: RegExp;
  /** The last window asked about and its answer: recognisers often ask twice for the same candidate. */
  #lastText = '';
  #lastFrom = -1;
  #lastTo = -1;
  #lastAnswer = false;

  constructor(words: readonly string[]) {
    const latin: string[] = [];
    const other: string[] = [];
    for (const w of words) (/^[\x20-\x7e]+$/.test(w) ? latin : other).push(escape(w.toLowerCase()));
    if (latin.length > 0) other.push(`(?<![a-z])(?:${latin.join('|')})(?![a-z])`);
    // An empty list matches nothing (an empty regex would match everywhere).
    this.#re = new RegExp(other.length > 0 ? other.join('|') : '(?!)');
  }

  /** Whether a word occurs in `text[from, to)`. */
  in(text: string, from: number, to: number): boolean {
    const a = Math.max(0, from);
    const b = Math.min(text.length, to);
    if (b <= a) return false;
    if (text === this.#lastText && a === this.#lastFrom && b === this.#lastTo) return this.#lastAnswer;
    const window = a === 0 && b === text.length ? lowered(text) : lowered(text).slice(a, b);
    this.#lastText = text;
    this.#lastFrom = a;
    this.#lastTo = b;
    this.#lastAnswer = this.#re.test(window);
    return this.#lastAnswer;
  }

  /** Whether a word occurs within `before` characters before `start` or `after` characters after `end`. */
  near(text: string, start: number, end: number, before = BEFORE, after = AFTER): boolean {
    return this.in(text, start - before, start) || (after > 0 && this.in(text, end, end + after));
  }
}

/**
 * Whether `words` occur anywhere in `text`, computed on first use: a recogniser that needs context asks
 * this before its first candidate's window check, and a text without any of the words is done at once
 * (`scanning`, the recogniser's global regex, is stopped).
 */
export function lazyContext(words: ContextWords, text: string, scanning?: RegExp): () => boolean {
  let known: boolean | undefined;
  return () => {
    known ??= words.in(text, 0, text.length);
    // No context anywhere: stop the scan that asked (its next exec starts past the end).
    if (!known && scanning) scanning.lastIndex = text.length;
    return known;
  };
}

let lastText = '';
let lastLower = '';

/**
 * The lowercase text, computed once per text: recognisers ask about many windows of the same text.
 * Lowercasing keeps every index here (the scanned views hold no characters whose lowercase is longer).
 */
export function lowered(text: string): string {
  if (text !== lastText) {
    lastText = text;
    // İ (U+0130) is the one character whose lowercase is two units long; indices must stay aligned.
    lastLower = text.replace(/\u0130/g, 'i').toLowerCase();
  }
  return lastLower;
}

/** Default window sizes: labels come right before a value ("전화: ", "SSN "), hints sometimes after. */
export const BEFORE = 48;
export const AFTER = 24;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s*');
}

const w = (...words: string[]): ContextWords => new ContextWords(words);

/** Positive context per entity type. */
export const CONTEXT = {
  KR_RRN: w('주민등록번호', '주민번호', '주민 번호', '주민등록', '생년월일', '주민', 'rrn', 'resident registration', 'resident number', 'registration number'),
  KR_FRN: w('외국인등록번호', '외국인등록', '외국인 등록', '외국인번호', 'alien registration', 'foreigner registration', 'residence card', 'arc'),
  KR_CRN: w('법인등록번호', '법인번호', '법인 등록', '법인', 'corporate registration', 'corporation number'),
  KR_BRN: w('사업자등록번호', '사업자번호', '사업자 번호', '사업자', '등록번호', 'business registration', 'brn', 'tax id', 'vat'),
  KR_PASSPORT: w('여권번호', '여권', 'passport', 'passport no', '여권 번호'),
  KR_DRIVER_LICENSE: w('운전면허번호', '운전면허', '면허번호', '면허증', 'driver', "driver's license", 'driving licence', 'license no', 'licence no'),
  KR_BANK_ACCOUNT: w(
    '계좌번호', '계좌', '입금', '송금', '이체', '예금주', '통장', '환불', '은행', '뱅크', '국민', '신한', '우리', '하나', '농협', '기업', '수협', '새마을',
    '우체국', '카카오', '토스', '케이뱅크', '제일', '씨티', '신협', '산업', '부산', '대구', '경남', '광주', '전북', '제주',
    'account', 'acct', 'bank', 'deposit', 'transfer', 'wire',
  ),
  KR_HEALTH_INSURANCE: w('건강보험', '보험증', '의료보험', '건보', '요양기관', '피보험자', '가입자번호', 'health insurance', 'nhis', 'insurance no', 'insurance number'),
  PHONE: w(
    '전화', '연락처', '연락', '휴대폰', '핸드폰', '휴대전화', '폰번호', '전번', '팩스', '문자', '카톡', '콜', '번호로', '내선', '유선',
    'phone', 'phones', 'tel', 'telephone', 'mobile', 'cell', 'cellphone', 'fax', 'desk', 'office', 'call', 'calls', 'calling', 'called', 'dial',
    'text me', 'sms', 'whatsapp', 'contact', 'reach me', 'reach', 'messages', 'message', 'answering', 'number', 'ph', 'tel.', 'ext', 'landline',
  ),
  CREDIT_CARD: w('카드', '신용카드', '체크카드', '카드번호', 'card', 'credit', 'debit', 'visa', 'mastercard', 'amex', 'cc'),
  US_SSN: w('ssn', 'social security', 'social sec', 'ss#', 'ss #', 'taxpayer', 'tin', 'itin'),
  IBAN: w('iban', 'bank', 'account', 'transfer', 'wire', 'swift', 'bic', '계좌', '송금'),
  IP_ADDRESS: w('ip', 'address', 'addr', 'host', 'server', 'client', 'ipv4', 'ipv6', 'gateway', 'dns', 'subnet', '아이피', '주소', '서버', '접속'),
  API_KEY: w('key', 'token', 'secret', 'password', 'passwd', 'pwd', 'api', 'credential', 'auth', 'bearer', '키', '토큰', '비밀번호', '암호'),
} as const;

/**
 * Words that make a number something else: order, invoice, tracking and ticket numbers, versions,
 * amounts, model and serial numbers. They cancel weak evidence (no checksum, no strong shape).
 */
export const NOT_PII = w(
  '주문번호', '주문 번호', '주문', '송장', '운송장', '송장번호', '접수번호', '예약번호', '발주', '견적', '영수증', '승인번호', '거래번호', '문서번호', '공문', '사건번호',
  '모델명', '모델', '제품번호', '시리얼', '일련번호', '버전', '품번', '관리번호', '티켓', '쿠폰', '금액', '원금', '가격',
  'order', 'order no', 'order number', 'invoice', 'inv', 'tracking', 'shipment', 'receipt', 'ticket', 'case', 'ref', 'reference', 'po', 'sku',
  'serial', 'model', 'version', 'build', 'release', 'isbn', 'issn', 'doi', 'part', 'item', 'batch', 'lot', 'coupon', 'confirmation', 'booking',
);
