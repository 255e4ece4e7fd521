/**
 * Word classes for the indirect-injection features. They describe how instructions to an assistant are
 * phrased in general (an imperative verb, a reference to "your answer", the assistant or "the user",
 * an output-format change), not the wording of any data set. Words are matched on the folded view
 * (lowercase, look-alikes undone). Korean entries are prefixes of a word (particles follow them).
 */

/** Bits of a word's classes. */
export const W = {
  imperative: 1 << 0,
  outputNoun: 1 << 1,
  codeNoun: 1 << 2,
  aiNoun: 1 << 3,
  audience: 1 << 4,
  format: 1 << 5,
  override: 1 << 6,
  earlier: 1 << 7,
  urgency: 1 << 8,
  question: 1 << 9,
  respond: 1 << 10,
  exfilVerb: 1 << 11,
  dataNoun: 1 << 12,
  second: 1 << 13,
  possessive: 1 << 14,
  following: 1 << 15,
  artifact: 1 << 16,
  filler: 1 << 17,
  stop: 1 << 18,
  modal: 1 << 19,
  instructionNoun: 1 << 20,
  genre: 1 << 21,
  /** Words that name who an order is for when they open a sentence ("Model, …", "AI agents: …"). */
  vocative: 1 << 22,
  /** The writer's own situation (me, us, attached, today…): a person writing to a person. */
  situational: 1 << 23,
  /** Words every secrecy phrasing has ("do not tell", "without mentioning", "keep this secret"). */
  secretCue: 1 << 24,
  /** "now" ("from now on"). */
  now: 1 << 25,
} as const;

const IMPERATIVE = `absorb accept access acknowledge act adapt add address adjust adopt advertise advise affirm alert align
allocate alter alternate analyze analyse anagram announce answer append apply appraise arrange ask assemble assert assess
assign assist attach augment avoid begin blend boost break bring build bypass calculate call cancel capitalize capitalise
change check choose cite clarify classify clean click clone close collect combine comment compare compile complete compose
compute conceal conclude confirm connect consider construct contact continue convert convince copy correct count craft create
cross cut debate decide declare decode decrypt define delete demonstrate deny describe design detail determine develop devise
direct disable disclose discuss disregard display distribute divide do document double download draft draw drop dump edit elaborate
email embed embody emphasize emphasise employ enable encode encourage encrypt end enhance enlist enrich ensure enter enumerate
erase establish estimate evaluate examine exclude execute expand explain explore export expose express extend extract fabricate
fetch fill find finish fix flip focus follow forget format forward frame fuse gather generate get give go group guess guide
harmonize harmonise help hide highlight hint identify ignore illustrate imagine implement import imply include incorporate
indicate inform infuse inject input insert insist install instruct integrate interpret introduce invent invert invite
join jumble justify keep label launch lay lead learn leave leverage limit link list load locate log look lower make manipulate
map mark meld mention merge mimic misspell mix modify move name navigate note notify obey obtain offer omit open order organize override
organise outline output overwrite paraphrase paste pause perform persuade pick place plan play point populate post praise
predict prefix prepare prepend present preserve pretend prevent print prioritize proceed produce promote prompt pronounce
propose prove provide publish pull purchase push put quote raise rank rate read rearrange recall recite recommend record
redirect reduce refer reformat refuse register rehash reiterate reject relay remember remind remove rename render reorder
repeat rephrase replace reply report represent request require reset reshape respond restate restructure retrieve return reveal
reverse review revise rewrite rhyme roleplay run save say scramble search see select sell send separate set share shift show
shuffle sign simplify simulate skip solve sort speak specify spell split start state stop store stress structure submit
substitute suggest summarize summarise supply support swap switch take talk teach tell test thank think threaten tidy train
transcribe transfer transform translate transmit treat trick try turn type uncover underline unlock update upload urge use
utilize utilise verify visit warn wave weave welcome withhold word wrap write`;

const OUTPUT_NOUN = `response responses reply replies answer answers output outputs message messages summary summaries completion
completions translation explanation explanations result results writing text texts words letters sentences paragraphs
sentence paragraph reasoning analysis comment comments feedback conclusion introduction essay story report remarks
statement interpretation commentary narrative description elucidation rendition speech`;

const CODE_NOUN = `code codebase solution solutions implementation implementations program programs script scripts algorithm
algorithms function functions snippet app application module framework logic architecture`;

const AI_NOUN = 'ai assistant assistants chatbot chatbots bot bots llm llms gpt chatgpt claude gemini copilot bard llama agentgpt';

const AUDIENCE = 'user users reader readers viewer viewers audience human humans visitor visitors recipients recipient';

const FORMAT = `vowel vowels letter letters space spaces spacing punctuation symbol symbols typo typos misspell misspelled
misspelling misspellings misspelt anagram anagrams anagrammed anagramming scramble scrambled jumble jumbled uppercase lowercase
caps capital capitals capitalized emoji emojis backwards reverse reversed rhyme rhyming pirate shakespearean alphanumeric
homophone homophones homophonic numbers numeral numerals morse cipher leetspeak binary hexadecimal french spanish german russian
japanese chinese korean italian portuguese arabic hindi dutch swedish latin greek turkish polish`;

const OVERRIDE = 'ignore ignoring disregard disregarding forget forgetting override overriding bypass discard abandon dismiss';
// What an override verb needs nearby: an instruction-like noun, or "above". Not an adjective alone
// ("previous", "old", "all" …): "ignore the previous version of this document" and "ignore the old
// laptop policy" are ordinary memos.
const EARLIER = `above instructions instruction rules guidelines directions directives prompt prompts context`;

const URGENCY = `important urgent urgently attention critical immediately mandatory required must warning priority crucial
essential necessary vital imperative`;

const QUESTION = `what what's whats who who's whom whose which when where why how how's can could would will is are do does did
should may shall`;

const RESPOND = 'respond responding reply replying answer answering say saying write writing output print state claim pretend act behave speak talk summarizing summarising summarize summarise';

const EXFIL_VERB = 'send forward email mail upload post transmit leak exfiltrate share submit append embed encode';
const DATA_NOUN = `conversation conversations chat history password passwords credentials credential secret secrets token tokens
key keys cookie cookies session sessions data personal contacts emails inbox files documents memory`;

const FOLLOWING = 'following below subsequent attached';
const ARTIFACT = 'code snippet block excerpt script command line link text sentence passage statement message url';
const FILLER = 'please kindly now also and then so just first finally additionally furthermore moreover ps p.s note important';
const MODAL = 'must should need needs have has ought shall required';
const INSTRUCTION_NOUN = 'instruction instructions task tasks directive directives command commands order orders rule rules';

/** Kinds of text one asks a writer (or an assistant) to produce. */
const GENRE = `story stories poem poems essay essays letter speech article articles song songs joke jokes haiku limerick tweet
slogan dialogue introduction summary outline example examples explanation recipe review biography headline headlines
advertisement ad description paragraph list tutorial guide lesson plot overview sonnet lyrics`;

const STOP = `a an the and or but if then else of to in on at by for with from into onto upon about as is are was were be been being
this that these those it its it's there here their them they he she his her him we our us you your yours i me my mine what which
who whom whose when where why how not no nor so than too very can could would should will shall may might must do does did done
have has had having also just only any all each every some such more most other another same own both few many much one two three
via per etc e.g i.e please thanks thank hi hello dear regards best`;

/** Korean prefixes: a word starting with one of these belongs to the class. */
export const KO_PREFIXES: ReadonlyArray<readonly [string, number]> = [
  ['답변', W.outputNoun],
  ['응답', W.outputNoun],
  ['대답', W.outputNoun],
  ['출력', W.outputNoun],
  ['무시', W.override],
  ['이전', W.earlier],
  ['지시', W.instructionNoun],
  ['사용자', W.audience],
  ['독자', W.audience],
  ['어시스턴트', W.aiNoun | W.vocative],
  ['챗봇', W.aiNoun | W.vocative],
  ['인공지능', W.aiNoun | W.vocative],
  ['반드시', W.urgency],
  ['중요', W.urgency],
  ['긴급', W.urgency],
  ['전송', W.exfilVerb],
  ['보내', W.exfilVerb],
  ['비밀번호', W.dataNoun],
  ['대화', W.dataNoun],
  ['당신', W.second],
  ['너는', W.second],
  ['이제부터', W.urgency],
  ['너의', W.possessive],
  ['당신의', W.possessive],
  ['다음', W.following],
];

function addAll(map: Map<string, number>, words: string, bit: number): void {
  for (const w of words.split(/\s+/)) if (w.length > 0) map.set(w, (map.get(w) ?? 0) | bit);
}

/** Word → class bits. */
export const WORD_CLASSES: ReadonlyMap<string, number> = (() => {
  const m = new Map<string, number>();
  addAll(m, IMPERATIVE, W.imperative);
  addAll(m, OUTPUT_NOUN, W.outputNoun);
  addAll(m, CODE_NOUN, W.codeNoun);
  addAll(m, AI_NOUN, W.aiNoun);
  addAll(m, AUDIENCE, W.audience);
  addAll(m, FORMAT, W.format);
  addAll(m, OVERRIDE, W.override);
  addAll(m, EARLIER, W.earlier);
  addAll(m, URGENCY, W.urgency);
  addAll(m, QUESTION, W.question);
  addAll(m, RESPOND, W.respond);
  addAll(m, EXFIL_VERB, W.exfilVerb);
  addAll(m, DATA_NOUN, W.dataNoun);
  addAll(m, 'you yourself yourselves', W.second);
  addAll(m, 'your yours', W.second | W.possessive);
  addAll(m, FOLLOWING, W.following);
  addAll(m, ARTIFACT, W.artifact);
  addAll(m, FILLER, W.filler);
  addAll(m, MODAL, W.modal);
  addAll(m, INSTRUCTION_NOUN, W.instructionNoun);
  addAll(m, GENRE, W.genre);
  addAll(m, `${AI_NOUN} model models agent agents`, W.vocative);
  addAll(m, "me us our we my we're i'm attached enclosed today tomorrow yesterday tonight meeting here next last", W.situational);
  addAll(m, 'now', W.now);
  addAll(m, "not don't never without keep secret secretly silently quietly covertly", W.secretCue);
  addAll(m, STOP, W.stop);
  return m;
})();

/** Class bits of one folded word. */
export function classesOf(word: string): number {
  const bits = WORD_CLASSES.get(word);
  if (bits !== undefined) return bits;
  const c = word.charCodeAt(0);
  if (c >= 0xac00 && c <= 0xd7a3) {
    let out = 0;
    for (const [prefix, bit] of KO_PREFIXES) if (word.startsWith(prefix)) out |= bit;
    return out;
  }
  // "ai는", "llm에게": a Latin word with a Korean particle attached.
  const m = /^([a-z]+)[\uac00-\ud7a3]/.exec(word);
  return m ? (WORD_CLASSES.get(m[1] as string) ?? 0) : 0;
}
