/**
 * Financial and national identifiers with check digits: payment cards (Luhn and a known brand prefix),
 * IBANs (country length and mod 97) and US social security numbers (area/group/serial rules).
 */
import { CONTEXT, lazyContext, NOT_PII } from './context';
import { eachMatch, nearDigits, numeric } from './matching';
import { clampScore, H, RB, type Recogniser } from './types';
import { cardBrand, digitsOf, ibanValid, luhnValid, ssnValid } from './validators';

/** Digit runs, contiguous or in groups split by a space or hyphen (12–19 digits are checked). */
const CARD = numeric(`\\d+(?:(?: |${H})\\d+){0,5}${RB}`);

export const cards: Recogniser = {
  id: 'card',
  types: ['CREDIT_CARD'],
  applies: (i) => i.hasDigit,
  scan({ text }, emit) {
    eachMatch(CARD, text, (m) => {
      // Most numbers are short: fewer than 12 characters cannot hold 12 digits.
      if (m[0].length < 12) return;
      // Groups may run into a following number ("4111 1111 1111 1111 12/25"): try shorter prefixes.
      const parts: Array<{ digits: string; end: number }> = [];
      const re = /\d+/g;
      let g: RegExpExecArray | null;
      while ((g = re.exec(m[0])) !== null) parts.push({ digits: g[0], end: m.index + g.index + g[0].length });
      let digits = parts.map((p) => p.digits).join('');
      for (let k = parts.length; k >= 1; k--) {
        if (k < parts.length) digits = digits.slice(0, digits.length - (parts[k]?.digits.length ?? 0));
        if (digits.length < 12 || digits.length > 19) continue;
        if (!luhnValid(digits) || cardBrand(digits) === undefined || /^(\d)\1+$/.test(digits)) continue;
        if (k > 1 && !cardGrouping(parts.slice(0, k).map((p) => p.digits.length))) continue;
        const end = (parts[k - 1] as { end: number }).end;
        const context = CONTEXT.CREDIT_CARD.near(text, m.index, end);
        let score = digits.length < 14 ? 0.55 : 0.9;
        if (context) score += digits.length < 14 ? 0.2 : 0.08;
        if (NOT_PII.near(text, m.index, end, 24, 0) && !context) score -= 0.5;
        emit({ type: 'CREDIT_CARD', start: m.index, end, score: clampScore(score) });
        return;
      }
    });
  },
};

/** How cards are printed: fours (the last group shorter), Amex 4-6-5, Diners 4-6-4. */
function cardGrouping(lengths: readonly number[]): boolean {
  const key = lengths.join('-');
  if (key === '4-6-5' || key === '4-6-4') return true;
  return lengths.slice(0, -1).every((n) => n === 4) && (lengths[lengths.length - 1] ?? 0) <= 4;
}

const SSN = numeric(`(\\d{3})(${H}|\\s)(\\d{2})\\2(\\d{4})${RB}`, { run: 3, maxRun: 3 });
const SSN_PLAIN = numeric(`\\d{9}${RB}`, { run: 9 });

export const ssns: Recogniser = {
  id: 'us-ssn',
  types: ['US_SSN'],
  applies: (i) => i.hasDigit,
  scan({ text }, emit) {
    const score = (start: number, end: number, grouped: boolean): number => {
      if (!ssnValid(digitsOf(text.slice(start, end)))) return 0;
      const context = CONTEXT.US_SSN.near(text, start, end);
      if (NOT_PII.near(text, start, end, 24, 0) && !context) return 0.2;
      return context ? 0.92 : grouped ? 0.6 : 0.2;
    };
    eachMatch(SSN, text, (m) => emit({ type: 'US_SSN', start: m.index, end: m.index + m[0].length, score: score(m.index, m.index + m[0].length, true) }));
    const anywhere = lazyContext(CONTEXT.US_SSN, text, SSN_PLAIN);
    eachMatch(SSN_PLAIN, text, (m) => {
      if (anywhere()) emit({ type: 'US_SSN', start: m.index, end: m.index + m[0].length, score: score(m.index, m.index + m[0].length, false) });
    });
  },
};

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Country code, two check digits, then 11–30 letters or digits (optionally in groups of four). */
const IBAN = nearDigits('(?<![A-Za-z0-9])[A-Za-z]{2}\\d{2}(?: ?[A-Za-z0-9]){11,30}(?![A-Za-z0-9])', { first: LETTERS, back: 2, run: 2 });

export const ibans: Recogniser = {
  id: 'iban',
  types: ['IBAN'],
  applies: (i) => i.hasDigit,
  scan({ text }, emit) {
    eachMatch(IBAN, text, (m) => {
      // Grouped IBANs can swallow the next word: drop trailing groups until the check holds.
      let candidate = m[0];
      for (;;) {
        if (ibanValid(candidate.replace(/ /g, ''))) {
          const end = m.index + candidate.length;
          emit({ type: 'IBAN', start: m.index, end, score: CONTEXT.IBAN.near(text, m.index, end) ? 0.97 : 0.9 });
          return;
        }
        const cut = candidate.lastIndexOf(' ');
        if (cut < 0) return;
        candidate = candidate.slice(0, cut);
      }
    });
  },
};
