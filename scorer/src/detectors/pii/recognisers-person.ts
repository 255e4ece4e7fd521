/**
 * Personal names. Korean: a surname from the list plus one or two given-name syllables, next to a label
 * (이름/성명/담당자/예금주 …) before it or a title (씨/님/고객님/과장 …) after it, or in "저는 …입니다".
 * English: capitalised words after a cue ("my name is", "Name:", Mr/Ms/Dr, "Dear", sign-offs).
 * A name alone, without such context, is not reported: surname syllables are also ordinary syllables.
 */
import { COMPOUND_SURNAMES, EN_NOT_NAMES, GIVEN_SYLLABLES, LABELS_BEFORE, NOT_NAMES, PARTICLES, SURNAMES, TITLES_AFTER } from './names';
import { lowered } from './context';
import { eachMatch, startingWith } from './matching';
import type { Candidate, Recogniser } from './types';

const alt = (words: readonly string[]): string =>
  [...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/ /g, '\\s?')).join('|');

/**
 * Label, a separator, perhaps a title word ("담당 주무관 이서연"), then a Hangul run (the name plus
 * perhaps a particle).
 */
const LABELLED = `(?:${alt(LABELS_BEFORE)})(?:\\s*[:：=]\\s*|\\s+|(?:은|는|이|가)\\s+)(?:(?:${alt(TITLES_AFTER)})\\s+)?([가-힣]{2,7})(?![가-힣])`;
/** A title followed by a particle or the end of the word; the name is the Hangul run before it. */
const TITLE = `(${alt(TITLES_AFTER)})(?=$|[^가-힣]|(?:${alt(PARTICLES)}|께|들)(?:$|[^가-힣]))`;
/** Labels and titles in one pass: group 1 is a labelled run, group 2 a title. */
const LABEL_OR_TITLE = startingWith(`${LABELLED}|${TITLE}`, [...LABELS_BEFORE, ...TITLES_AFTER], 'd');
const isHangul = (ch: string | undefined): boolean => ch !== undefined && ch >= '가' && ch <= '힣';
/** 저는 홍길동입니다 / 제 이름은 홍길동이에요. */
const SELF = /(?:저는|나는|전|제가)\s([가-힣]{2,4}?)(?:입니다|이에요|예요|이라고\s?합니다|라고\s?합니다|이고|이며)/dg;

/** Score of a Hangul string as a full name, or 0: surname + 1–2 name syllables, not a common word. */
export function koreanNameScore(token: string): number {
  let surnameLen = 0;
  if (token.length >= 3 && COMPOUND_SURNAMES.has(token.slice(0, 2))) surnameLen = 2;
  else if (SURNAMES.has(token[0] as string)) surnameLen = 1;
  if (surnameLen === 0) return 0;
  const given = token.slice(surnameLen);
  if (given.length < 1 || given.length > 2) return 0;
  for (const ch of given) if (!GIVEN_SYLLABLES.has(ch)) return 0;
  if (NOT_NAMES.has(token)) return 0;
  // Two-syllable names (surname + one syllable) are rarer and collide with more words.
  return token.length === 2 ? 0.6 : 0.85;
}

/** Strips one trailing particle or copula when what is left is a name. */
function nameIn(run: string): string | undefined {
  if (koreanNameScore(run) > 0) return run;
  for (const p of PARTICLES) {
    if (run.length > p.length + 1 && run.endsWith(p)) {
      const rest = run.slice(0, run.length - p.length);
      if (koreanNameScore(rest) > 0) return rest;
    }
  }
  for (const t of ['님', '씨']) {
    const i = run.indexOf(t);
    if (i >= 2 && koreanNameScore(run.slice(0, i)) > 0) return run.slice(0, i);
  }
  return undefined;
}

const UPPER = '\\p{Lu}';
const NAME_WORD = `${UPPER}[\\p{Ll}'’-]+`;
/** One to three capitalised words (a middle initial allowed), matched right where a cue ends. */
const EN_NAME = new RegExp(`${NAME_WORD}(?: ${UPPER}\\.)?(?: ${NAME_WORD}){0,2}`, 'uy');
/**
 * English cues, matched on the lowercase text (one cheap pass); those that are titles or "I" must be
 * capitalised in the original.
 */
const EN_CUE =
  /\b(?:my name is|my name's|full name\s*[:：-]|name\s*[:：-]|customer\s*[:：-]|patient\s*[:：-]|contact\s*[:：-]|mrs?\.?|ms\.?|miss|dr\.|prof\.|dear|sincerely,?|regards,?|signed\s*[:：-]?|this is|speak (?:to|with)|ask for|call me|i am|i'm|hi|hello)[ \t\n]+/g;
const CAPITAL_CUE = /^(?:mrs?\.?|ms\.?|miss|dr\.|prof\.|i am|i'm)/;
/** Cues that are weak alone ("I am Happy", "Hi Team"): they need two capitalised words. */
const WEAK_CUE = /^(?:i am|i'm|hi|hello|this is|call me)/;
const UPPER_AT = /\p{Lu}/u;

export const persons: Recogniser = {
  id: 'person',
  types: ['PERSON'],
  applies: () => true,
  scan({ text, hasHangul }, emit) {
    if (hasHangul) scanKorean(text, emit);
    if (/[A-Z]/.test(text)) scanEnglish(text, emit);
  },
};

function scanKorean(text: string, emit: (c: Candidate) => void): void {
  // The name starts where the captured run starts (a particle or title may follow it).
  const at = (m: RegExpExecArray, name: string, bonus: number): void => {
    const start = m.indices?.[1]?.[0] ?? m.index;
    emit({ type: 'PERSON', start, end: start + name.length, score: Math.min(0.95, koreanNameScore(name) + bonus) });
  };
  eachMatch(LABEL_OR_TITLE, text, (m) => {
    if (m[1] !== undefined) {
      if (isHangul(text[m.index - 1])) return;
      const name = nameIn(m[1]);
      if (name) at(m, name, 0.05);
      return;
    }
    let end = m.index;
    if (text[end - 1] === ' ') end--;
    let start = end;
    while (start > 0 && end - start < 6 && isHangul(text[start - 1])) start--;
    if (isHangul(text[start - 1]) || end - start < 2) return;
    const run = text.slice(start, end);
    if (koreanNameScore(run) === 0) return;
    // "국회 의원", "신규 님": a two-syllable run before a job title is usually a word; 씨/님 are personal.
    const personal = /^(?:씨|님|고객님)/.test(m[0]);
    const score = Math.min(0.95, koreanNameScore(run) + (run.length === 2 && !personal ? -0.2 : 0));
    emit({ type: 'PERSON', start, end, score });
  });
  eachMatch(SELF, text, (m) => {
    const run = m[1] as string;
    if (koreanNameScore(run) > 0) at(m, run, 0);
  });
}

function scanEnglish(text: string, emit: (c: Candidate) => void): void {
  const lower = lowered(text);
  EN_CUE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = EN_CUE.exec(lower)) !== null) {
    const cue = m[0];
    const start = m.index + cue.length;
    // "Dear Mr. Brown": the next cue may start inside this match's name, so scanning resumes there.
    EN_CUE.lastIndex = start;
    if (!UPPER_AT.test(text[start] ?? '')) continue;
    if (CAPITAL_CUE.test(cue) && !UPPER_AT.test(text[m.index] as string)) continue;
    EN_NAME.lastIndex = start;
    const n = EN_NAME.exec(text);
    if (!n) continue;
    let name = n[0];
    for (;;) {
      const last = name.slice(name.search(/\S+$/));
      if (!EN_NOT_NAMES.has(last) || last === name) break;
      name = name.slice(0, name.length - last.length).trimEnd();
    }
    const words = name.split(/\s+/);
    const weak = WEAK_CUE.test(cue);
    if (EN_NOT_NAMES.has(words[0] as string) || EN_NOT_NAMES.has(words[words.length - 1] as string) || (weak && words.length < 2)) continue;
    emit({ type: 'PERSON', start, end: start + name.length, score: weak ? 0.6 : 0.75 });
  }
}
