/**
 * Validators: checksums and plausibility checks that turn a digit pattern into evidence. They take the
 * digits (or the raw candidate) and never look at context; recognisers combine both into a score.
 */

/** The digits of `s`, separators dropped. */
export function digitsOf(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) out += s[i];
  }
  return out;
}

const d = (s: string, i: number): number => s.charCodeAt(i) - 48;

/** Luhn (mod 10), used by payment cards. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let x = d(digits, i);
    if (double) {
      x *= 2;
      if (x > 9) x -= 9;
    }
    sum += x;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Days in a month (1..12) of a four-digit year. */
function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `YYMMDD` as a real calendar date in `century` (1800, 1900 or 2000). */
export function validBirthDate(yymmdd: string, century: number): boolean {
  const yy = Number(yymmdd.slice(0, 2));
  const mm = Number(yymmdd.slice(2, 4));
  const dd = Number(yymmdd.slice(4, 6));
  if (mm < 1 || mm > 12 || dd < 1) return false;
  return dd <= daysIn(century + yy, mm);
}

/**
 * The century encoded by the 7th digit of a resident (1–4, 9, 0) or foreign (5–8) registration number,
 * or undefined when the digit encodes none.
 */
export function rrnCentury(genderDigit: number): number | undefined {
  switch (genderDigit) {
    case 1:
    case 2:
    case 5:
    case 6:
      return 1900;
    case 3:
    case 4:
    case 7:
    case 8:
      return 2000;
    case 9:
    case 0:
      return 1800;
    default:
      return undefined;
  }
}

const RRN_WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];

function rrnSum(digits: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += d(digits, i) * (RRN_WEIGHTS[i] as number);
  return sum;
}

/** The resident registration number check digit (numbers issued before October 2020). */
export function rrnChecksumValid(digits: string): boolean {
  return digits.length === 13 && (11 - (rrnSum(digits) % 11)) % 10 === d(digits, 12);
}

/** Foreigner registration numbers used the same weights with a +2 offset (issued before October 2020). */
export function frnChecksumValid(digits: string): boolean {
  return digits.length === 13 && (13 - (rrnSum(digits) % 11)) % 10 === d(digits, 12);
}

/** Shape of a 13-digit resident/foreigner number: a real birth date and a meaningful 7th digit. */
export function rrnShape(digits: string): { valid: boolean; foreign: boolean; year?: number } {
  if (digits.length !== 13) return { valid: false, foreign: false };
  const g = d(digits, 6);
  const century = rrnCentury(g);
  // 1800s births are not alive; a 9 or 0 there is far more likely another kind of number.
  if (century === undefined || century === 1800 || !validBirthDate(digits.slice(0, 6), century)) return { valid: false, foreign: false };
  return { valid: true, foreign: g >= 5 && g <= 8, year: century + Number(digits.slice(0, 2)) };
}

/** 법인등록번호 check digit: weights 1,2,1,2,… over twelve digits, mod 10. */
export function crnChecksumValid(digits: string): boolean {
  if (digits.length !== 13) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += d(digits, i) * (i % 2 === 0 ? 1 : 2);
  return (10 - (sum % 10)) % 10 === d(digits, 12);
}

const BRN_WEIGHTS = [1, 3, 7, 1, 3, 7, 1, 3, 5];

/** 사업자등록번호 (10 digits) check digit. */
export function brnChecksumValid(digits: string): boolean {
  if (digits.length !== 10) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += d(digits, i) * (BRN_WEIGHTS[i] as number);
  sum += Math.floor((d(digits, 8) * 5) / 10);
  return (10 - (sum % 10)) % 10 === d(digits, 9);
}

/** US SSN plausibility: area not 000, 666 or 9xx; group not 00; serial not 0000. */
export function ssnValid(digits: string): boolean {
  if (digits.length !== 9) return false;
  const area = digits.slice(0, 3);
  if (area === '000' || area === '666' || area[0] === '9') return false;
  if (digits.slice(3, 5) === '00' || digits.slice(5) === '0000') return false;
  // Same digit nine times, or the textbook 123-45-6789, are placeholders.
  return !/^(\d)\1{8}$/.test(digits) && digits !== '123456789';
}

/** IBAN lengths per country (ISO 13616 registry, the common ones). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28, CZ: 24,
  DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28,
  HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20,
  LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29,
  RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22,
  VG: 24, XK: 20,
};

/** IBAN: known country, its length, and the ISO 7064 mod-97 check. `compact` has no spaces. */
export function ibanValid(compact: string): boolean {
  const iban = compact.toUpperCase();
  if (IBAN_LENGTHS[iban.slice(0, 2)] !== iban.length) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) rem = (rem * 100 + (c - 55)) % 97;
    else return false;
  }
  return rem === 1;
}

/** Card brands by prefix and length; a Luhn-valid number must also look like a real card. */
export function cardBrand(digits: string): string | undefined {
  const n = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  const p6 = Number(digits.slice(0, 6));
  if (digits[0] === '4' && (n === 13 || n === 16 || n === 19)) return 'visa';
  if (((p2 >= 51 && p2 <= 55) || (p6 >= 222100 && p6 <= 272099)) && n === 16) return 'mastercard';
  if ((p2 === 34 || p2 === 37) && n === 15) return 'amex';
  if ((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) return n >= 14 && n <= 19 ? 'diners' : undefined;
  if ((p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) && n >= 16 && n <= 19) return 'discover';
  // JCB's assigned range is 3528–3589; issuers print 35xx generally, and Luhn still has to hold.
  if (p2 === 35 && n >= 16 && n <= 19) return 'jcb';
  if ((p4 === 2131 || p4 === 1800) && n === 15) return 'jcb';
  if (p2 === 62 && n >= 16 && n <= 19) return 'unionpay';
  if (p2 === 50 || (p2 >= 56 && p2 <= 69)) return n >= 12 && n <= 19 ? 'maestro' : undefined;
  if (p2 === 94 && n === 16) return 'kr-domestic';
  return undefined;
}

/** Dotted IPv4 with four octets 0..255 and no leading zeros beyond a single 0. */
export function ipv4Valid(s: string): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  for (const p of parts) {
    if (p.length === 0 || p.length > 3 || (p.length > 1 && p[0] === '0')) return false;
    if (Number(p) > 255) return false;
  }
  return true;
}

/** IPv6 (full or `::`-compressed, optionally with an embedded IPv4 tail). */
export function ipv6Valid(s: string): boolean {
  let text = s;
  let extra = 0;
  const lastColon = text.lastIndexOf(':');
  if (text.indexOf('.', lastColon) > 0) {
    if (!ipv4Valid(text.slice(lastColon + 1))) return false;
    text = `${text.slice(0, lastColon + 1)}0`;
    extra = 1;
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (h: string): string[] => (h.length === 0 ? [] : h.split(':'));
  const left = groups(halves[0] ?? '');
  const right = halves.length === 2 ? groups(halves[1] ?? '') : [];
  for (const g of [...left, ...right]) if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return false;
  const count = left.length + right.length + extra;
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** A year-month-day, day-month-year or month/day/year date written with separators. */
export function looksLikeDate(groups: readonly string[]): boolean {
  if (groups.length !== 3) return false;
  const [a, b, c] = groups.map(Number) as [number, number, number];
  const la = (groups[0] as string).length;
  const lc = (groups[2] as string).length;
  const md = (m: number, day: number): boolean => m >= 1 && m <= 12 && day >= 1 && day <= 31;
  if (la === 4 && a >= 1900 && a <= 2099) return md(b, c);
  if (lc === 4 && c >= 1900 && c <= 2099) return md(b, a) || md(a, b);
  if (la === 2 && lc === 2 && (groups[1] as string).length === 2) return md(b, c);
  return false;
}
