/**
 * Contact data: phone numbers (Korean mobile and landline, +82, digits spoken in Hangul, international
 * and North American forms, and any digit grouping next to a phone word), e-mail and IP addresses.
 */
import { CONTEXT, ContextWords, lazyContext, NOT_PII } from './context';
import { eachMatch, nearDigits, numeric } from './matching';
import { clampScore, RB, type Recogniser } from './types';
import { digitsOf, ipv4Valid, ipv6Valid, looksLikeDate } from './validators';

const S = `[-. \\t\\u00a0\\u2010-\\u2013\\u2212]`;
const EXT = '(?:\\s?(?:x|ext\\.?|#)\\s?\\d{1,5})?';

/** Korean mobile: 010 (and the old 011, 016–019). */
const KR_MOBILE = numeric(`01[016789](?:${S}\\d{3,4}${S}\\d{4}|\\d{7,8})${RB}`, { run: 3, digits: '0' });
/** Korean landline: area code (02, 031–064), internet phone 070, personal 050x; optional brackets. */
const KR_AREA = '0(?:2|3[1-3]|4[1-4]|5[1-5]|6[1-4]|70|50[2-8])';
const KR_LANDLINE = numeric(`(?:(?:\\(${KR_AREA}\\)\\s?|${KR_AREA}${S})\\d{3,4}${S}\\d{4}${RB}|${KR_AREA}\\d{7,8}${RB})`, { run: 2, digits: '0', opening: '(' });
/** +82 with or without the trunk zero. */
const KR_INTL = nearDigits(`\\+\\s?82${S}?(?:\\(0\\)${S}?|0)?(?:1[016789]|2|[3-6][1-5]|70)(?:${S}|\\))?\\d{3,4}${S}?\\d{4}${RB}`, { first: '+', back: 2, run: 2 });
/** Any international number: +, country code, then groups (brackets allowed once). */
const INTL = nearDigits(`(?<![\\w+])\\+\\d{1,3}(?:${S}?\\(\\d{1,4}\\))?(?:${S}?\\d{1,5}){2,6}${EXT}${RB}`, { first: '+', back: 1 });
/** North American: (NXX) NXX-XXXX or NXX-NXX-XXXX, optionally with an extension. */
const NANP = numeric(`(?:\\(\\d{3}\\)\\s?|\\d{3}[-.\\s])\\d{3}[-.]\\d{4}${EXT}${RB}`, { run: 3, maxRun: 3, opening: '(' });
/** Digits in groups, or a plain run: a phone only when a phone word is near. */
const GROUPED = numeric(`(?:(?:00\\d{1,3}${S})?\\(?\\d{1,5}\\)?(?:${S}\\(?\\d{1,8}\\)?){1,5}${EXT}${RB}|\\d{7,12}${RB})`, { opening: '(' });
/** Representative (대표) numbers 15xx/16xx/18xx-xxxx and 080 toll-free lines are companies, not people. */
const REPRESENTATIVE = /^(?:1[5-9]\d{6}|080\d{7,8})$/;

/** Words naming another kind of number: a grouped number next to them is that, not a phone. */
const OTHER_ID = new ContextWords(['license', 'licence', 'passport', 'account', 'card', 'ssn', 'social security', 'iban', '계좌', '카드', '여권', '면허', '주민', '사업자', '법인']);

/** Hangul digit words: 공/영 0, 일 1, 이 2, 삼 3, 사 4, 오 5, 육/륙 6, 칠 7, 팔 8, 구 9. */
const HANGUL_DIGIT: Readonly<Record<string, string>> = { 공: '0', 영: '0', 일: '1', 이: '2', 삼: '3', 사: '4', 오: '5', 육: '6', 륙: '6', 칠: '7', 팔: '8', 구: '9' };
const HD = '[공영일이삼사오육륙칠팔구]';
const HANGUL_PHONE = new RegExp(`[공영]${HD}{1,2}[\\s-]?${HD}{3,4}[\\s-]?${HD}{4}`, 'g');

function phoneLike(digits: string): boolean {
  return /^01[016789]\d{7,8}$/.test(digits) || new RegExp(`^${KR_AREA}\\d{7,8}$`).test(digits);
}

export const phones: Recogniser = {
  id: 'phone',
  types: ['PHONE'],
  applies: (i) => i.hasDigit || i.hasHangul,
  scan({ text, hasDigit, hasHangul }, emit) {
    const out = (start: number, end: number, score: number): void => emit({ type: 'PHONE', start, end, score: clampScore(score) });
    const context = (s: number, e: number): boolean => CONTEXT.PHONE.near(text, s, e, 40, 16);
    const negative = (s: number, e: number): boolean => NOT_PII.near(text, s, e, 24, 0);
    if (hasDigit) {
      eachMatch(KR_MOBILE, text, (m) => {
        const e = m.index + m[0].length;
        const plain = /^\d+$/.test(m[0]);
        out(m.index, e, (plain ? 0.75 : 0.85) + (context(m.index, e) ? 0.1 : 0) - (negative(m.index, e) ? 0.4 : 0));
      });
      eachMatch(KR_LANDLINE, text, (m) => {
        const e = m.index + m[0].length;
        const plain = /^\d+$/.test(m[0]);
        out(m.index, e, (plain ? 0.4 : 0.75) + (context(m.index, e) ? 0.2 : 0) - (negative(m.index, e) ? 0.4 : 0));
      });
      eachMatch(KR_INTL, text, (m) => out(m.index, m.index + m[0].length, 0.92));
      eachMatch(INTL, text, (m) => {
        const n = digitsOf(m[0]).length;
        if (n < 8 || n > 15) return;
        const e = m.index + m[0].length;
        out(m.index, e, 0.8 + (context(m.index, e) ? 0.1 : 0));
      });
      eachMatch(NANP, text, (m) => {
        const e = m.index + m[0].length;
        if (REPRESENTATIVE.test(digitsOf(m[0]))) return;
        out(m.index, e, (context(m.index, e) ? 0.85 : 0.6) - (negative(m.index, e) ? 0.4 : 0));
      });
      // Grouped digits are a phone only next to a phone word: none anywhere, no candidate can pass.
      const anywhere = lazyContext(CONTEXT.PHONE, text, GROUPED);
      eachMatch(GROUPED, text, (m) => {
        if (!anywhere()) return;
        const digits = digitsOf(m[0]);
        if (digits.length < 7 || digits.length > 15 || REPRESENTATIVE.test(digits)) return;
        const groups = m[0].match(/[0-9]+/g) ?? [];
        if (looksLikeDate(groups) || (groups.length === 4 && /^[\d.]+$/.test(m[0]))) return;
        const e = m.index + m[0].length;
        if (!context(m.index, e) || negative(m.index, e) || OTHER_ID.near(text, m.index, e, 32, 0)) return;
        out(m.index, e, groups.length === 1 ? 0.65 : 0.72);
      });
    }
    if (hasHangul) {
      eachMatch(HANGUL_PHONE, text, (m) => {
        let digits = '';
        for (const ch of m[0]) digits += HANGUL_DIGIT[ch] ?? '';
        if (!phoneLike(digits)) return;
        const e = m.index + m[0].length;
        out(m.index, e, digits.startsWith('01') ? 0.85 : context(m.index, e) ? 0.75 : 0.4);
      });
    }
  },
};

/** E-mail: a conventional local part, a domain with at least one dot and a letter TLD (from each `@`). */
const LOCAL_CHAR = /[A-Za-z0-9._%+-]/;
const DOMAIN = /@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-]|\.[A-Za-z0-9])/y;

export const emails: Recogniser = {
  id: 'email',
  types: ['EMAIL'],
  applies: (i) => i.text.includes('@'),
  scan({ text }, emit) {
    for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
      let start = at;
      while (start > 0 && at - start < 64 && LOCAL_CHAR.test(text[start - 1] as string)) start--;
      while (start < at && text[start] === '.') start++;
      if (start === at) continue;
      DOMAIN.lastIndex = at;
      const d = DOMAIN.exec(text);
      if (!d) continue;
      const local = text.slice(start, at);
      if (local.includes('..') || local.endsWith('.')) continue;
      // "a@b.ioHi": text glued to the address; a TLD is one case, so it ends where the case changes.
      let end = at + d[0].length;
      const tld = /[A-Za-z]+$/.exec(d[0])?.[0] ?? '';
      const cut = tld.search(/(?<=[a-z])[A-Z]/);
      if (cut >= 2) end -= tld.length - cut;
      emit({ type: 'EMAIL', start, end, score: 0.9 });
    }
  },
};

const IPV4 = numeric('(?:\\d{1,3}\\.){3}\\d{1,3}(?![0-9A-Za-z_]|\\.[0-9])', { maxRun: 3 });
const IPV6 = /(?:[0-9A-Fa-f]{1,4}:){1,7}(?::|(?::[0-9A-Fa-f]{1,4}){1,7}|[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})(?![0-9A-Za-z_:])|::(?:[0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{1,4}(?![0-9A-Za-z_:])/g;
/** Cheap test before the IPv6 scan: two hex groups around a colon, or a double colon. */
const IPV6_HINT = /[0-9A-Fa-f]:[0-9A-Fa-f]{1,4}:|::[0-9A-Fa-f]/;
const VERSION_WORDS = /(?:(?<![a-z])(?:version|ver\.?|release|build|v)|버전)\s*$/i;

export const ipAddresses: Recogniser = {
  id: 'ip',
  types: ['IP_ADDRESS'],
  applies: (i) => i.hasDigit,
  scan({ text }, emit) {
    eachMatch(IPV4, text, (m) => {
      if (!ipv4Valid(m[0])) return;
      const start = m.index;
      const end = start + m[0].length;
      if (VERSION_WORDS.test(text.slice(Math.max(0, start - 12), start))) return;
      const context = CONTEXT.IP_ADDRESS.near(text, start, end, 40, 16);
      // 1.2.3.4-style section numbers look like addresses; single-digit octets need context.
      const small = m[0].split('.').every((o) => o.length === 1);
      emit({ type: 'IP_ADDRESS', start, end, score: small && !context ? 0.35 : context ? 0.9 : 0.8 });
    });
    if (!IPV6_HINT.test(text)) return;
    eachMatch(IPV6, text, (m) => {
      const v = m[0];
      // The match must start a token (no lookbehind in the regex: it would slow the scan down).
      if (m.index > 0 && /[0-9A-Za-z_:.]/.test(text[m.index - 1] as string)) {
        IPV6.lastIndex = m.index + 1;
        return;
      }
      if (!ipv6Valid(v)) return;
      const groups = v.split(':').filter((g) => g.length > 0);
      // "a::b", "12:30::" and C++ scopes are not addresses; an address has real hex groups.
      if (groups.length < 3 || !/[0-9]/.test(v)) return;
      const start = m.index;
      const end = start + v.length;
      emit({ type: 'IP_ADDRESS', start, end, score: CONTEXT.IP_ADDRESS.near(text, start, end, 40, 16) ? 0.9 : 0.8 });
    });
  },
};
