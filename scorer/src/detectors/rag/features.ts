/**
 * Indirect-injection features. A document is cut into units (lines, then sentences); each unit gets a
 * small feature vector that says how much it reads like an instruction to the assistant rather than
 * content for it: an imperative addressed to "you", a reference to the assistant's answer or code, the
 * assistant or "the user" named, an output-format change, an override or urgency, a question or an
 * order that has nothing to do with the document around it. One pass over the words; no regex per unit.
 */
import { W } from './lexicon';
import { isContent, keyOf, splitUnits, tokenize, type Token } from './words';

export { splitUnits, stemKey, tokenize, type Token } from './words';

const LINK = /\b(?:https?:\/\/|www\.)|\b[a-z0-9-]{2,}\.(?:com|net|org|io|xyz|info|biz|ru|cn|top|site|online|app|dev|co|me|ly|link|click)\b/;

/** Feature names, in vector order (the trained weights follow this order). */
export const FEATURES = [
  'out_ref', // "your answer/response/reply…"
  'code_ref', // "your code/solution/implementation…"
  'imperative', // starts with an imperative verb
  'question', // ends with a question mark
  'ai_named', // names the assistant/AI
  'override', // "ignore/disregard/forget … previous/all … instructions"
  'audience', // talks about "the user(s)/readers"
  'format', // output-format vocabulary (vowels, spaces, typos, languages…)
  'following', // "the following/below code/text/link…"
  'link', // a URL or domain
  'offtopic', // share of its content words that appear nowhere else in the document (0..1)
  'imperative_offtopic', // an order about something else, in a document that gives few orders
  'question_offtopic', // a question about something else, in a document that asks few questions
  'imperative_ref', // imperative + out_ref/code_ref
  'following_ref', // following + your-reference
  'respond', // "respond/answer/reply … with/in/only/as", "when answering…"
  'exfil', // send/forward/upload + conversation/data/credentials
  'modal_you', // "you must/should/need to", "make sure", "don't forget to"
  'urgency',
  'second_person', // you/your count (capped), 0..1
  'ai_you', // the AI named and addressed as "you"
  'instruction_noun', // "new/updated/hidden instructions…"
  'format_ref', // format vocabulary + a reference to the answer
  'short', // at most three words
  'novel', // how many content words (0..6, scaled) the rest of the document never uses, times rarity
  'task_request', // an imperative asking for a kind of text (story, poem, essay, example…)
  'request_you', // "can/could/would/will you …"
  'addressed', // an order addressed to the AI: "Assistant, ignore…", "AI agents: run…"
  'persona', // "you are now…", "from now on", "pretend to be", "act as"
  'markup', // pseudo-markup around instructions: <instructions>, [system], ### system
  'secrecy', // "do not tell the user", "without mentioning", "keep this secret"
  'conditional_order', // "When the user asks…, tell them…", "When answering, include…"
  'situational', // refers to the writer's own situation (me, us, our, attached, today…): a person writing to a person
  'ai_obligation', // the AI as the subject of an obligation: "AI agents reading this must…", "the assistant should now…"
] as const;

export type FeatureName = (typeof FEATURES)[number];
const F = Object.fromEntries(FEATURES.map((n, i) => [n, i])) as Record<FeatureName, number>;
export const FEATURE_COUNT = FEATURES.length;

/** A unit of a text with its features; offsets are in the scanned text. */
export interface Unit {
  readonly start: number;
  readonly end: number;
  readonly features: Float64Array;
}


interface Draft {
  readonly start: number;
  readonly end: number;
  readonly words: readonly Token[];
  readonly features: Float64Array;
}

/**
 * Skips the document-context features (off-topic words) of units that cannot reach `floor` even with
 * them, so their score stays below it either way: the detector passes its model and reporting floor,
 * training passes none.
 */
export interface Pruning {
  readonly weights: readonly number[];
  readonly bias: number;
  readonly floor: number;
}

const CONTEXT_FEATURES = ['offtopic', 'imperative_offtopic', 'question_offtopic', 'novel'] as const;

/** Features of every unit of `text` (the folded view of a document or tool result). */
export function extractUnits(text: string, prune?: Pruning): Unit[] {
  let contextGain = 0;
  if (prune) for (const name of CONTEXT_FEATURES) contextGain += Math.max(0, prune.weights[F[name]] ?? 0);
  const spans = splitUnits(text);
  if (spans.length === 0) return [];
  const tokens = tokenize(text);
  const drafts: Draft[] = [];
  // One buffer for all units: a typed array per unit costs more than its features.
  const buffer = new Float64Array(spans.length * FEATURE_COUNT);
  let used = 0;
  let t = 0;
  let prose = 0;
  let imperatives = 0;
  let questions = 0;
  for (const [start, end] of spans) {
    while (t < tokens.length && (tokens[t] as Token).end <= start) t++;
    let k = t;
    while (k < tokens.length && (tokens[k] as Token).start < end) k++;
    const words = tokens.slice(t, k);
    t = k;
    const f = buffer.subarray(used, used + FEATURE_COUNT);
    used += FEATURE_COUNT;
    if (words.length > 0) lexicalFeatures(words, text, start, end, f);
    if (words.length >= 3) prose++;
    imperatives += f[F.imperative] as number;
    questions += f[F.question] as number;
    drafts.push({ start, end, words, features: f });
  }
  // Which units need the document context (orders and questions that could still matter)?
  const candidates: Draft[] = [];
  for (const d of drafts) {
    const f = d.features;
    if (f[F.imperative] !== 1 && f[F.question] !== 1) continue;
    if (prune) {
      let z = prune.bias;
      for (let i = 0; i < FEATURE_COUNT; i++) z += (prune.weights[i] as number) * (f[i] as number);
      if (z + contextGain < prune.floor) continue;
    }
    candidates.push(d);
  }
  if (candidates.length === 0) return drafts.map((d) => ({ start: d.start, end: d.end, features: d.features }));
  // Count, over the whole document, only the content words the candidates use (by stem, hashed so a
  // document token costs a few character reads and one map lookup, no string building).
  const counts = new Map<number, number>();
  for (const d of candidates) for (const w of d.words) if (isContent(w)) counts.set(keyOf(w), 0);
  let docContent = 0;
  for (const tok of tokens) {
    if (!isContent(tok)) continue;
    docContent++;
    const key = keyOf(tok);
    const c = counts.get(key);
    if (c !== undefined) counts.set(key, c + 1);
  }
  for (const d of candidates) {
    const f = d.features;
    // An order in a document that otherwise gives none stands out; in a recipe or a manual it does not.
    const same = f[F.imperative] === 1 ? imperatives : questions;
    const rarity = 1 - Math.min(1, (2 * (same - 1)) / Math.max(1, prose - 1));
    const [off, novel] = offTopic(d.words, counts, docContent, f[F.imperative] === 1);
    f[F.offtopic] = off;
    f[F.novel] = (Math.min(6, novel) / 6) * rarity;
    f[F.imperative_offtopic] = (f[F.imperative] as number) * off * rarity;
    f[F.question_offtopic] = (f[F.question] as number) * off * rarity;
  }
  return drafts.map((d) => ({ start: d.start, end: d.end, features: d.features }));
}

function mayBeMarkup(raw: string, any: number): boolean {
  return (any & (W.outputNoun | W.instructionNoun | W.vocative)) !== 0 || raw.includes('<') || raw.includes('[') || raw.includes('#');
}

/**
 * Share and number of the unit's content words that the rest of the document never uses; zeros when
 * there is too little of either to compare.
 */
function offTopic(words: readonly Token[], docCounts: ReadonlyMap<number, number>, docContent: number, skipFirst: boolean): [number, number] {
  const own = new Map<number, number>();
  let first = true;
  for (const w of words) {
    if (!isContent(w)) continue;
    if (first && skipFirst && (w.bits & W.imperative) !== 0) {
      first = false;
      continue;
    }
    first = false;
    const s = keyOf(w);
    own.set(s, (own.get(s) ?? 0) + 1);
  }
  let ownTotal = 0;
  for (const c of own.values()) ownTotal += c;
  if (own.size < 2 || words.length < 4 || docContent - ownTotal < 8) return [0, 0];
  let unseen = 0;
  for (const [s, c] of own) if ((docCounts.get(s) ?? 0) <= c) unseen++;
  return [unseen / own.size, unseen];
}

const PERSONA = /\b(?:you are now|you're now|you are no longer|from now on|pretend (?:to be|you are|you're)|act as (?:if|an?|the)|roleplay as|your new (?:role|name|persona|task|job|goal|purpose))\b/;
const MARKUP = /<\/?(?:instructions?|system|admin|prompt|im_start|im_end|assistant|user|context|override)>|\[\/?(?:inst|system|admin|assistant|instructions?)\]|<\|[a-z_]+\|>|^#{1,4} ?(?:system|instructions?|admin)\b|\b(?:begin|end) (?:admin|system) (?:message|instructions?)\b/;
const SECRECY = /\b(?:(?:do not|don't|never|without) (?:tell(?:ing)?|mention(?:ing)?|disclos(?:e|ing)|reveal(?:ing)?|inform(?:ing)?|let(?:ting)?|alert(?:ing)?|explain(?:ing)? why)\b(?: \w+){0,2} (?:the )?(?:user|users|anyone|them|him|her|reader|readers|human|why|that|this)|keep (?:this|it) (?:secret|hidden|confidential|between us)|(?:secretly|silently|quietly|covertly) (?:\w+ )?(?:send|call|run|add|insert|include|forward|append|change|execute))/;
const BOUNDARY = /[:,;]\s/g;

function lexicalFeatures(words: readonly Token[], text: string, start: number, end: number, f: Float64Array): void {
  const raw = text.slice(start, end);
  let any = 0;
  for (const w of words) any |= w.bits;
  const n = words.length;
  // First word that is not a filler ("please", "also", "note"…): is it an imperative verb?
  let i0 = 0;
  // "Support article: my laptop…", "Note: …": a short label before a colon is not the sentence's verb.
  const colon = raw.indexOf(': ');
  if (colon > 0 && colon < 40) {
    let k = 0;
    while (k < n && (words[k] as Token).start < start + colon) k++;
    if (k <= 3 && k < n) i0 = k;
  }
  while (i0 < n - 1 && i0 < 6 && ((words[i0] as Token).bits & W.filler) !== 0) i0++;
  const first = words[i0] as Token;
  const trimmed = raw.trimEnd();
  // A sentence needs a few words: table cells like "Rank" or "2000–?" are neither orders nor questions.
  const question = n >= 3 && (trimmed.endsWith('?') || trimmed.endsWith('？'));
  const imperative = n - i0 >= 3 && (first.bits & W.imperative) !== 0 && !question;
  let outRef = 0;
  let codeRef = 0;
  let override = 0;
  let respond = 0;
  let following = 0;
  let modal = 0;
  let second = 0;
  let instruction = 0;
  let genre = 0;
  for (let i = 0; i < n; i++) {
    const w = words[i] as Token;
    if ((w.bits & W.second) !== 0) second++;
    if ((w.bits & W.genre) !== 0 && i > i0) genre = 1;
    if ((w.bits & W.possessive) !== 0) {
      for (let j = i + 1; j <= i + 3 && j < n; j++) {
        const b = (words[j] as Token).bits;
        if ((b & W.outputNoun) !== 0) outRef = 1;
        if ((b & W.codeNoun) !== 0) codeRef = 1;
      }
    }
    if ((w.bits & W.override) !== 0) {
      // Both ways: Korean puts the object first ("이전의 모든 지시를 무시하고").
      for (let j = Math.max(0, i - 4); j <= i + 4 && j < n; j++) if (j !== i && ((words[j] as Token).bits & (W.earlier | W.instructionNoun)) !== 0) override = 1;
    }
    if ((w.bits & W.respond) !== 0) {
      const next = words[i + 1]?.word;
      if (next === 'with' || next === 'in' || next === 'only' || next === 'using' || next === 'as' || next === 'that') respond = 1;
      const prev = words[i - 1]?.word;
      if (prev === 'when' || prev === 'while' || prev === 'before' || prev === 'after') respond = 1;
    }
    if ((w.bits & W.following) !== 0) {
      for (let j = i + 1; j <= i + 3 && j < n; j++) if (((words[j] as Token).bits & W.artifact) !== 0) following = 1;
    }
    if (w.word === 'you' && i + 1 < n && ((words[i + 1] as Token).bits & W.modal) !== 0) modal = 1;
    if ((w.word === 'make' || w.word === 'be') && words[i + 1]?.word === 'sure') modal = 1;
    if ((w.word === 'forget' || w.word === 'remember') && (words[i - 1]?.word === "don't" || words[i - 1]?.word === 'not' || i === i0) && words[i + 1]?.word === 'to') modal = 1;
    if ((w.bits & W.instructionNoun) !== 0) {
      const prev = words[i - 1]?.word;
      if (prev === 'new' || prev === 'updated' || prev === 'additional' || prev === 'following' || prev === 'real' || prev === 'secret' || prev === 'hidden') instruction = 1;
    }
  }
  f[F.out_ref] = outRef;
  f[F.code_ref] = codeRef;
  f[F.imperative] = imperative ? 1 : 0;
  f[F.question] = question ? 1 : 0;
  f[F.ai_named] = (any & W.aiNoun) !== 0 || ((any & W.vocative) !== 0 && raw.includes('language model')) ? 1 : 0;
  f[F.override] = override;
  f[F.audience] = (any & W.audience) !== 0 ? 1 : 0;
  f[F.format] = (any & W.format) !== 0 ? 1 : 0;
  f[F.following] = following;
  const dot = raw.indexOf('.');
  f[F.link] = dot >= 0 && dot < raw.length - 1 && LINK.test(raw) ? 1 : 0;
  f[F.imperative_ref] = imperative && (outRef || codeRef) ? 1 : 0;
  f[F.following_ref] = following && (outRef || codeRef) ? 1 : 0;
  f[F.respond] = respond;
  f[F.exfil] = (any & W.exfilVerb) !== 0 && (any & W.dataNoun) !== 0 ? 1 : 0;
  f[F.modal_you] = modal;
  f[F.urgency] = (any & W.urgency) !== 0 ? 1 : 0;
  f[F.second_person] = Math.min(3, second) / 3;
  f[F.ai_you] = f[F.ai_named] === 1 && second > 0 ? 1 : 0;
  f[F.instruction_noun] = instruction;
  f[F.format_ref] = f[F.format] === 1 && outRef === 1 ? 1 : 0;
  f[F.short] = n <= 3 ? 1 : 0;
  f[F.task_request] = imperative && genre === 1 ? 1 : 0;
  const w0 = first.word;
  f[F.request_you] = question && (w0 === 'can' || w0 === 'could' || w0 === 'would' || w0 === 'will') && words[i0 + 1]?.word === 'you' ? 1 : 0;
  f[F.addressed] = (any & W.vocative) !== 0 && addressedOrder(words, raw, start) ? 1 : 0;
  f[F.persona] = (any & (W.second | W.now)) !== 0 && PERSONA.test(raw) ? 1 : 0;
  f[F.markup] = mayBeMarkup(raw, any) && MARKUP.test(raw) ? 1 : 0;
  f[F.secrecy] = (any & W.secretCue) !== 0 && SECRECY.test(raw) ? 1 : 0;
  // "If the problem persists, contact support" is a manual; a condition about answering or the user is not.
  f[F.situational] = (any & W.situational) !== 0 ? 1 : 0;
  let obligation = 0;
  if ((any & W.vocative) !== 0 && (any & W.modal) !== 0) {
    for (let i = 0; i < n && obligation === 0; i++) {
      if (((words[i] as Token).bits & W.vocative) === 0) continue;
      // "must", "shall", "has to", "is required to": not "should", which product descriptions use.
      for (let j = i + 1; j <= i + 6 && j < n; j++) if (((words[j] as Token).bits & W.modal) !== 0 && (words[j] as Token).word !== 'should') obligation = 1;
    }
  }
  f[F.ai_obligation] = obligation;
  const opener = words[0]?.word;
  f[F.conditional_order] =
    (opener === 'when' || opener === 'whenever' || opener === 'if' || opener === 'before' || opener === 'after' || opener === 'while') &&
    orderAfterClause(words, raw, start)
      ? 1
      : 0;
}

/** Words that make a condition about the assistant's work: "when answering", "if the user asks". */
const CONDITION_WORDS = new Set(['answering', 'responding', 'replying', 'summarizing', 'summarising', 'asked', 'asks', 'user', 'users', 'processing', 'reading']);

/** A condition about the assistant's work, then an imperative right after the clause break. */
function orderAfterClause(words: readonly Token[], raw: string, start: number): boolean {
  const m = /[,:]\s/.exec(raw);
  if (!m) return false;
  const at = start + m.index;
  let k = 0;
  let about = false;
  while (k < words.length && (words[k] as Token).start < at) {
    const w = words[k] as Token;
    if (CONDITION_WORDS.has(w.word) || (w.bits & W.aiNoun) !== 0) about = true;
    k++;
  }
  if (!about) return false;
  while (k < words.length - 1 && ((words[k] as Token).bits & W.filler) !== 0) k++;
  return k < words.length && ((words[k] as Token).bits & W.imperative) !== 0;
}

/** "Assistant, ignore…", "To the model reading this: append…": a vocative, a break, then an order. */
function addressedOrder(words: readonly Token[], raw: string, start: number): boolean {
  BOUNDARY.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = BOUNDARY.exec(raw)) !== null) {
    const at = start + m.index;
    let k = 0;
    let named = false;
    while (k < words.length && (words[k] as Token).start < at) {
      if (((words[k] as Token).bits & W.vocative) !== 0) named = true;
      k++;
    }
    if (!named || k > 10) continue;
    while (k < words.length - 1 && ((words[k] as Token).bits & W.filler) !== 0) k++;
    const next = words[k];
    if (next && (next.bits & W.imperative) !== 0) return true;
  }
  return false;
}
