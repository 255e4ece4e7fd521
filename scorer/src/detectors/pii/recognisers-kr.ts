/**
 * Korean identifiers: resident (주민등록번호), foreigner (외국인등록번호), corporate (법인등록번호) and
 * business (사업자등록번호) registration numbers, passports, driver licences, bank accounts and health
 * insurance card numbers.
 */
import { CONTEXT, lazyContext, NOT_PII } from './context';
import { eachMatch, nearDigits, numeric } from './matching';
import { clampScore, H, RB, type Recogniser } from './types';
import { brnChecksumValid, crnChecksumValid, digitsOf, frnChecksumValid, rrnChecksumValid, rrnShape } from './validators';

const digitsGate = (i: { hasDigit: boolean }): boolean => i.hasDigit;

/** 13 digits as 6-7 (hyphen or space) or contiguous: resident, foreigner or corporate numbers. */
const THIRTEEN = numeric(`(\\d{6})(\\s?${H}\\s?|\\s)?(\\d{7})${RB}`, { run: 6 });

/**
 * Resident and foreigner numbers: a real birth date and a meaningful 7th digit make the shape. The
 * check digit raises confidence; since October 2020 the last six digits are random, so a date-valid
 * number written 6-7 is still found without it. Contiguous 13 digits without a checksum need context.
 */
export const registrationNumbers: Recogniser = {
  id: 'kr-registration',
  types: ['KR_RRN', 'KR_FRN', 'KR_CRN'],
  applies: digitsGate,
  scan({ text }, emit) {
    eachMatch(THIRTEEN, text, (m) => {
      const start = m.index;
      const end = start + m[0].length;
      const digits = (m[1] as string) + (m[3] as string);
      const separated = m[2] !== undefined;
      const shape = rrnShape(digits);
      const negative = NOT_PII.near(text, start, end, 24, 0);
      const crnOk = crnChecksumValid(digits);
      const crnContext = CONTEXT.KR_CRN.near(text, start, end);
      const rrnContext = CONTEXT.KR_RRN.near(text, start, end) || CONTEXT.KR_FRN.near(text, start, end);
      if (crnOk && crnContext && !rrnContext) {
        // The text says corporate number and the check digit agrees: that decides it.
        emit({ type: 'KR_CRN', start, end, score: 0.95 });
        return;
      }
      if (shape.valid) {
        const type = shape.foreign ? 'KR_FRN' : 'KR_RRN';
        const checksum = shape.foreign ? frnChecksumValid(digits) || rrnChecksumValid(digits) : rrnChecksumValid(digits);
        const context = CONTEXT[type].near(text, start, end);
        if (crnOk && !checksum && !context && (shape.year ?? 0) < 2020) {
          // A corporate number whose first digits happen to read as a date (1101…, 1201…).
          emit({ type: 'KR_CRN', start, end, score: clampScore((separated ? 0.45 : 0.3) - (negative ? 0.3 : 0)) });
          return;
        }
        let score = separated ? (checksum ? 0.95 : 0.75) : checksum ? 0.85 : 0.35;
        if (context) score = Math.max(score, separated || checksum ? 0.97 : 0.8);
        if (negative && !context) score -= checksum ? 0.2 : 0.4;
        emit({ type, start, end, score: clampScore(score) });
      } else if (crnContext && !rrnContext) {
        // A corporate number with a typo is still one when the text says so; not enough to mask alone.
        emit({ type: 'KR_CRN', start, end, score: separated ? 0.45 : 0.3 });
      } else if (crnOk && !rrnContext) {
        // Thirteen digits that pass the corporate check without any context: one in ten random numbers do.
        emit({ type: 'KR_CRN', start, end, score: clampScore((separated ? 0.45 : 0.3) - (negative ? 0.3 : 0)) });
      }
    });
  },
};

const BRN_SEPARATED = numeric(`\\d{3}\\s?${H}\\s?\\d{2}\\s?${H}\\s?\\d{5}${RB}`, { run: 3, maxRun: 3 });
const BRN_PLAIN = numeric(`\\d{10}${RB}`, { run: 10 });

/** 사업자등록번호: 3-2-5 digits whose check digit holds; ten contiguous digits need context too. */
export const businessNumbers: Recogniser = {
  id: 'kr-business',
  types: ['KR_BRN'],
  applies: digitsGate,
  scan({ text }, emit) {
    const score = (start: number, end: number, separated: boolean): number => {
      const ok = brnChecksumValid(digitsOf(text.slice(start, end)));
      const context = CONTEXT.KR_BRN.near(text, start, end);
      if (!ok) return context && separated ? 0.4 : 0;
      let s = separated ? 0.85 : 0.3;
      if (context) s = 0.95;
      if (NOT_PII.near(text, start, end, 24, 0) && !context) s -= 0.3;
      return s;
    };
    eachMatch(BRN_SEPARATED, text, (m) => emit({ type: 'KR_BRN', start: m.index, end: m.index + m[0].length, score: clampScore(score(m.index, m.index + m[0].length, true)) }));
    // Ten plain digits are a business number only next to the words for one.
    const anywhere = lazyContext(CONTEXT.KR_BRN, text, BRN_PLAIN);
    eachMatch(BRN_PLAIN, text, (m) => {
      if (anywhere()) emit({ type: 'KR_BRN', start: m.index, end: m.index + m[0].length, score: clampScore(score(m.index, m.index + m[0].length, false)) });
    });
  },
};

/** Old passports: a type letter and 8 digits; since 2021: letter, 3 digits, letter, 4 digits. */
const PASSPORT = nearDigits('(?<![0-9A-Za-z_])[MSRODG](?:\\d{8}|\\d{3}[A-Z]\\d{4})(?![0-9A-Za-z_])', { first: 'MSRODG', back: 1, run: 3 });

export const passports: Recogniser = {
  id: 'kr-passport',
  types: ['KR_PASSPORT'],
  applies: digitsGate,
  scan({ text }, emit) {
    eachMatch(PASSPORT, text, (m) => {
      const start = m.index;
      const end = start + m[0].length;
      const context = CONTEXT.KR_PASSPORT.near(text, start, end, 40, 16);
      const modern = /[A-Z]/.test(m[0].slice(1));
      let score = context ? 0.9 : modern ? 0.45 : 0.35;
      if (NOT_PII.near(text, start, end, 24, 0) && !context) score = 0.1;
      emit({ type: 'KR_PASSPORT', start, end, score });
    });
  },
};

const REGIONS = '서울|부산|경기|강원|충북|충남|전북|전남|경북|경남|제주|대구|인천|광주|대전|울산|세종';
/** Licence numbers: region code 11–28 (or the region's name), year, serial and check digits. */
const LICENSE = numeric(`(?:1[1-9]|2[0-8])(\\s?${H}\\s?|\\s)?\\d{2}(\\s?${H}\\s?|\\s)?\\d{6}(\\s?${H}\\s?|\\s)?\\d{2}${RB}`, { run: 2, digits: '12' });
const LICENSE_NAMED = nearDigits(`(?:${REGIONS})\\s?\\d{2}\\s?${H}?\\s?\\d{6}\\s?${H}?\\s?\\d{2}${RB}`, { first: '서부경강충전제대인광울세', back: 3, run: 2 });

export const driverLicenses: Recogniser = {
  id: 'kr-driver-license',
  types: ['KR_DRIVER_LICENSE'],
  applies: digitsGate,
  scan({ text }, emit) {
    const found = (start: number, end: number, strong: boolean): void => {
      const context = CONTEXT.KR_DRIVER_LICENSE.near(text, start, end);
      let score = strong ? 0.7 : 0.25;
      if (context) score = strong ? 0.95 : 0.85;
      if (NOT_PII.near(text, start, end, 24, 0) && !context) score -= 0.4;
      emit({ type: 'KR_DRIVER_LICENSE', start, end, score: clampScore(score) });
    };
    eachMatch(LICENSE, text, (m) => found(m.index, m.index + m[0].length, m[1] !== undefined && m[2] !== undefined && m[3] !== undefined));
    eachMatch(LICENSE_NAMED, text, (m) => found(m.index, m.index + m[0].length, true));
  },
};

/** Bank account numbers: 10–14 digits, in groups (each bank has its own) or contiguous. */
const ACCOUNT = numeric(`(?:\\d{2,6}(?:${H}\\d{1,7}){1,3}${RB}|\\d{10,14}${RB})`, { run: 2 });
const ACCOUNT_NEAR = 30;

export const bankAccounts: Recogniser = {
  id: 'kr-bank-account',
  types: ['KR_BANK_ACCOUNT'],
  applies: digitsGate,
  scan({ text }, emit) {
    // Context is required: once a text proves to have no bank word at all, no candidate can pass.
    const anywhere = lazyContext(CONTEXT.KR_BANK_ACCOUNT, text, ACCOUNT);
    eachMatch(ACCOUNT, text, (m) => {
      if (!anywhere()) return;
      const start = m.index;
      const end = start + m[0].length;
      const digits = digitsOf(m[0]);
      if (digits.length < 10 || digits.length > 14) return;
      // Phone numbers carry their own prefix; they are PHONE even next to the word 계좌.
      if (/^01[016789]\d{7,8}$/.test(digits) || /^0(?:2|[3-6][1-5]|70)\d{7,8}$/.test(digits)) return;
      const context = CONTEXT.KR_BANK_ACCOUNT.near(text, start, end, ACCOUNT_NEAR, 16);
      if (!context || NOT_PII.near(text, start, end, 20, 0)) return;
      const separated = m[0].length !== digits.length;
      emit({ type: 'KR_BANK_ACCOUNT', start, end, score: separated ? 0.8 : 0.7 });
    });
  },
};

/** 건강보험증 번호: 11 digits (sometimes split after the first one or two); only with context. */
const HEALTH = numeric(`(?:\\d{11}|\\d{1,2}${H}\\d{9,10}|\\d{10}${H}\\d)${RB}`);

export const healthInsurance: Recogniser = {
  id: 'kr-health-insurance',
  types: ['KR_HEALTH_INSURANCE'],
  applies: digitsGate,
  scan({ text }, emit) {
    const anywhere = lazyContext(CONTEXT.KR_HEALTH_INSURANCE, text, HEALTH);
    eachMatch(HEALTH, text, (m) => {
      if (!anywhere()) return;
      const start = m.index;
      const end = start + m[0].length;
      if (digitsOf(m[0]).length !== 11 || /^01[016789]/.test(m[0])) return;
      if (!CONTEXT.KR_HEALTH_INSURANCE.near(text, start, end, 40, 16)) return;
      emit({ type: 'KR_HEALTH_INSURANCE', start, end, score: 0.85 });
    });
  },
};
