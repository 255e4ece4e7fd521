/**
 * English prompt-injection and jailbreak rules. Sources match the folded view (lowercase, leet and
 * look-alikes undone); a space means an optional run of separators (see `rule`). Weights are what one
 * match alone is worth; several rules in a category combine (noisy-OR).
 *
 * Each rule needs a specific object or qualifier, not just a verb: "ignore whitespace in git diff" and
 * "act as a tour guide" must stay clean.
 */
import { rule, type PatternRule } from './rule';

const OVERRIDE_VERB = '(?:ignor(?:e|ing)|disregard(?:ing)?|forget(?:ting)?|overrid(?:e|ing)|bypass(?:ing)?|neglect|abandon|dismiss|discard|drop|set aside|throw (?:away|out)|erase|delete|cancel|nullify|circumvent|skip|remove|clear|wipe)';
const OVERRIDE_NEEDS = ['ignor', 'disregard', 'forget', 'overrid', 'bypass', 'neglect', 'abandon', 'dismiss', 'discard', 'drop', 'aside', 'throw', 'erase', 'delete', 'cancel', 'nullify', 'circumvent', 'skip', 'remove', 'clear', 'wipe'];
const DETERMINER = '(?:(?:all|any|any and all|every|each|the|your|my|these|those|this|its|of|about|whatever|everything|that|you|were|was|have|been|given|told|received) )';
const EARLIER = '(?:previous(?:ly)?|prior|above|aforementioned|preceding|earlier|former|foregoing|initial|original|old|existing|default|preset|pre-?set|last|system|developer|safety|built-in|programmed|hidden|prior)';
const STRONG_NOUN = '(?:instructions?|instruction set|prompts?|directions?|directives?|guidelines?|rules?|commands?|orders|constraints?|restrictions?|programming|polic(?:y|ies)|guardrails?|filters?|limitations?|training|protocols?|safeguards?|alignment|principles)';
const WEAK_NOUN = '(?:messages?|text|content|input|context|conversations?|chats?|tasks?|assignments?|requests?|settings|information|data|statements?|everything|documents?|articles?|sources|thoughts|knowledge|answers?|responses?)';
/**
 * Not when the instructions or rules belong to a file or a tool ("override the default rules in
 * .eslintrc", "… instructions in a Makefile"): programming questions, not orders to the model.
 */
const NOT_IN_TOOLING =
  '(?! (?:in|for|of|from|inside) (?:a |an |the |my |our |your |this |that )?\\.?(?:make ?file|docker ?file|file|config(?:uration)?|eslint(?:rc)?|prettier|tsconfig|webpack|babel|class|function|method|script|css|template|library|package|module|framework|plugin|app|application|program|code ?base|code|project|repo(?:sitory)?|build|compiler|docker|npm|git|yaml|json|settings|ide|editor|vs ?code|linter|pipeline|workflow))';
/** "DAN" the jailbreak persona is written in capitals (possibly with look-alikes); "Dan" is a name. */
const UPPER_DAN = /[DＤ]\W{0,2}[AＡ4@АΑ]\W{0,2}[NＮΝ]/;
const EXTRACT_NEEDS = ['system', 'initial', 'original', 'hidden', 'secret', 'internal', 'pre-prompt', 'preprompt', 'developer', 'operator', 'starting', 'base', 'confidential', 'underlying'];
const EXTRACT_FILLER = '(?:(?:all|of|out|again|verbatim|exactly|word for word|completely|fully|the text of|the contents? of|everything in|what is in|me) ){0,3}';
const SECRET_PROMPT = '(?:(?:full|complete|entire|whole|exact|verbatim|raw|first|very first|current) )*(?:system|initial|original|hidden|secret|internal|pre-?|starting|base|developer|operator|confidential|underlying) (?:prompts?|instructions?|messages?|directives?|guidelines|configuration|config|context|programming)\\b';
const SAFETY_NOUN = '(?:filters?|filtering|guardrails?|safeguards?|restrictions?|limitations?|protocols?|moderation|censorship|polic(?:y|ies)|guidelines|alignment|programming|constraints|ethics|morals|measures|features|systems?|mechanisms|checks|training|layers|controls|settings|rules)';
const SAFETY_VERB = '(?:disabl(?:e|ing)|deactivat(?:e|ing)|turn(?:ing)? off|switch(?:ing)? off|remov(?:e|ing)|evad(?:e|ing)|get(?:ting)? around|work(?:ing)? around|lift(?:ing)?|drop(?:ping)?|bypass(?:ing)?|circumvent(?:ing)?|overrid(?:e|ing)|suspend(?:ing)?|paus(?:e|ing)|lower(?:ing)?|relax(?:ing)?|loosen(?:ing)?|ignor(?:e|ing)|break(?:ing)?|violat(?:e|ing)|skip(?:ping)?)';
const SAFETY_NEEDS = ['disabl', 'deactivat', 'turn off', 'turning off', 'turnoff', 'switch off', 'switching off', 'remov', 'evad', 'around', 'lift', 'drop', 'bypass', 'circumvent', 'overrid', 'suspend', 'paus', 'lower', 'relax', 'loosen', 'ignor', 'break', 'violat', 'skip'];
/** Words one of which every "safety off" phrasing contains. */
const SAFETY_CONFIRM = ['filter', 'guardrail', 'safeguard', 'restriction', 'limitation', 'protocol', 'moderation', 'censor', 'polic', 'guideline', 'alignment', 'programming', 'constraint', 'ethic', 'moral', 'measure', 'mechanism', 'training', 'safety', 'rules', 'control', 'layer', 'setting', 'feature', 'system', 'check'];
/** Nouns for restrictions, one of which jailbreak phrasings name. */
const LIMIT_CONFIRM = ['restriction', 'rule', 'limit', 'filter', 'guideline', 'censor', 'constraint', 'ethic', 'moral', 'law', 'boundar', 'polic', 'confines', 'shackle', 'chain', 'programming', 'openai', 'prison', 'jail'];
const AI_NAME = '(?:chat ?gpt|gpt(?:-?[345](?:\\.5)?o?)?|openai|anthropic|claude|gemini|bard|llama|ai|assistant|language model|llm|bot|chatbot|model)';

export const EN_RULES: readonly PatternRule[] = [
  // ── Instruction override ────────────────────────────────────────────────────────────────────────
  rule('en.override.earlier', 'prompt_injection', 0.9, 'en', OVERRIDE_NEEDS,
    `\\b${OVERRIDE_VERB} ${DETERMINER}{0,3}(?:of )?${EARLIER} ${DETERMINER}{0,1}${STRONG_NOUN}\\b${NOT_IN_TOOLING}`, { negatable: true }),
  rule('en.override.yours', 'prompt_injection', 0.85, 'en', OVERRIDE_NEEDS,
    `\\b${OVERRIDE_VERB} (?:(?:all|any|of|every) ){0,2}(?:your|its|the (?:ai|model|assistant|bot)'?s?) (?:\\w+ ){0,2}${STRONG_NOUN}\\b`, { negatable: true }),
  rule('en.override.all_rules', 'prompt_injection', 0.6, 'en', OVERRIDE_NEEDS,
    `\\b${OVERRIDE_VERB} (?:all|any|every) (?:of )?(?:the )?(?:\\w+ )?${STRONG_NOUN}\\b`, { negatable: true }),
  rule('en.override.earlier_weak', 'prompt_injection', 0.55, 'en', OVERRIDE_NEEDS,
    `\\b${OVERRIDE_VERB} ${DETERMINER}{0,3}${EARLIER} ${WEAK_NOUN}\\b`, { negatable: true }),
  rule('en.override.forget_everything', 'prompt_injection', 0.85, 'en', ['forget'],
    `\\bforget (?:about )?(?:everything|all(?: of)?(?: that| this)?|what) (?:that )?(?:you(?:'ve| have)? (?:been|were) (?:told|taught|instructed|given|programmed)|you know|i (?:said|told you|wrote)|(?:written |said )?(?:above|before|previously|so far|until now)|we (?:discussed|talked about))`),
  rule('en.override.stop_following', 'prompt_injection', 0.8, 'en', ['follow', 'obey', 'listen', 'adhere', 'comply', 'abide'],
    `\\b(?:do not|don't|dont|stop|no longer|cease|quit|never) (?:follow|obey|listen to|adhere to|comply with|abide by)(?:ing)? (?:(?:your|the|any|all|these|those|my) )*(?:${EARLIER} )?${STRONG_NOUN}\\b`, { alsoNeeds: ['not', "n't", 'dont', 'stop', 'no longer', 'cease', 'quit', 'never'] }),
  rule('en.override.new_instructions', 'prompt_injection', 0.7, 'en', ['new', 'updated', 'real', 'actual', 'revised', 'true', 'override', 'important', 'urgent', 'additional'],
    `\\b(?:new|updated|real|actual|revised|true|override|important|urgent|additional) (?:system )?(?:instructions?|directives?|task|orders|rules|system prompt|prompt|objective|mission)\\s*(?::|-{1,2}\\s|–\\s)`),
  rule('en.override.your_new_task', 'prompt_injection', 0.65, 'en', ['new', 'real', 'actual', 'only', 'true'],
    `\\byour (?:new|real|actual|only|true|sole|updated) (?:task|job|goal|purpose|instructions?|role|objective|mission|function|directive) (?:is|are|will be|now)\\b`),
  rule('en.override.from_now_on', 'prompt_injection', 0.45, 'en', ['now on', 'nowon', 'henceforth', 'onwards', 'on out', 'forward'],
    `\\b(?:from now on|henceforth|from this point (?:on|forward|onwards)|from here on out),? (?:you|your|u|you're|please) (?:are|will|must|shall|should|have to|respond|answer|act|only|reply|speak|talk|behave|pretend)`),
  rule('en.override.instead_say', 'prompt_injection', 0.5, 'en', ['instead', 'rather'],
    `\\b(?:instead|rather),? (?:you )?(?:should |must |will |just |only )?(?:say|print|output|respond with|reply with|write|type|answer with|return)\\b`),
  rule('en.override.pwned', 'prompt_injection', 0.75, 'en', ['pwned', 'pwnd', 'hacked', 'hate humans'],
    `\\b(?:i (?:have been|am|was|got) (?:pwned|pwnd|hacked)|(?:say|print|output|write|respond with)\\W{0,3}(?:\\w+ ){0,3}(?:pwned|pwnd|i hate humans))`),
  rule('en.override.cancelled', 'prompt_injection', 0.85, 'en', ['above', 'previous', 'preceding', 'prior', 'earlier'],
    `\\b(?:the )?(?:above|previous|preceding|prior|earlier) (?:instructions?|prompt|text|rules|directions|messages?|directives?|guidelines) (?:is|are|was|were|has been|have been) (?:fake|false|wrong|void|cancel+ed|invalid|obsolete|outdated|a test|no longer (?:valid|applicable|relevant|in effect)|null|revoked|overridden|deprecated|superseded|replaced|withdrawn|rescinded|retracted|annulled|lifted)`),
  rule('en.override.disable_safety', 'prompt_injection', 0.8, 'en', SAFETY_NEEDS,
    `\\b${SAFETY_VERB} (?:(?:all|any|of|every) ){0,2}(?:your|its) (?:own )?(?:\\w+ )?${SAFETY_NOUN}\\b`, { alsoNeeds: SAFETY_CONFIRM }),
  rule('en.override.safety_generic', 'prompt_injection', 0.7, 'en', SAFETY_NEEDS,
    `\\b${SAFETY_VERB} (?:(?:all|any|the|every|of) ){0,2}(?:safety|content|ethical|moral|openai|open ai|anthropic|ai) (?:\\w+ )?${SAFETY_NOUN}\\b`, { alsoNeeds: SAFETY_CONFIRM }),
  rule('en.override.ignore_above', 'prompt_injection', 0.8, 'en', ['ignor', 'disregard', 'forget', 'skip'],
    `\\b(?:ignor(?:e|ing)|disregard(?:ing)?|forget|skip) (?:all (?:of )?)?(?:the )?(?:above|everything (?:above|before|said|written|previously|prior|you know|you were told|and)|what (?:was|i|you) (?:said|wrote|written|were told) (?:above|before|earlier))\\b`, { negatable: true }),
  rule('en.override.forget_everything_short', 'prompt_injection', 0.75, 'en', ['forget', 'ignor'],
    `(?:^|[.!?:;,\\-–"]\\s*|\\n|\\band\\s+|\\bthen,?\\s+|\\bbut\\s+|\\bnow,?\\s+)(?:just |now |please |simply |first,? )?(?:forget|ignore) (?:about )?(?:everything|it all|all that)\\b`),
  rule('en.override.all_earlier_weak', 'prompt_injection', 0.75, 'en', OVERRIDE_NEEDS,
    `\\b${OVERRIDE_VERB} (?:any and |each and )?(?:all|every) (?:of )?(?:the |your |my )?(?:${EARLIER} |provided |given )${WEAK_NOUN}\\b`, { negatable: true }),
  rule('en.override.leave_behind', 'prompt_injection', 0.75, 'en', ['behind', 'aside', 'your head', 'your mind', 'your memory'],
    `\\b(?:leave|put|get) (?:all )?(?:the |your )?(?:${EARLIER} )(?:${WEAK_NOUN}|${STRONG_NOUN}) (?:behind|out of your (?:head|mind)|aside)|\\b(?:remove|clear|wipe|erase|get) (?:all )?(?:the |your )?(?:${EARLIER} )?(?:${WEAK_NOUN}|${STRONG_NOUN}) (?:out of|from) your (?:head|mind|memory)`),
  rule('en.override.change_instructions', 'prompt_injection', 0.75, 'en', ['instruction', 'rules', 'programming', 'prompt', 'guideline', 'directive'],
    `\\b(?:change|update|modify|replace|rewrite|reset|reprogram|alter|switch) (?:all )?(?:of )?your (?:\\w+ )?(?:instructions|rules|programming|system prompt|guidelines|directives|prompt)\\b|\\byour (?:new )?(?:instructions|rules|directives|orders) (?:are|is) now\\b`),
  rule('en.override.dont_answer_but', 'prompt_injection', 0.75, 'en', ['answer', 'respond', 'reply'],
    `\\b(?:do not|don't|dont|never) (?:answer|respond to|reply to) (?:this|the|my|that) (?:question|request|prompt|query)\\W{0,3}(?:but|and|instead|rather)\\W{0,3}(?:just |only |simply )?(?:output|say|print|write|respond|reply|type|return|tell)`),
  rule('en.override.stop_write', 'prompt_injection', 0.6, 'en', ['stop'],
    `\\bstop\\s*[:\\-–]+\\s*(?:now\\s+)?(?:write|say|print|output|type|respond)\\b`),
  rule('en.override.config_flags', 'jailbreak', 0.75, 'any', ['safety', 'guardrail', 'filter', 'moderation', 'censor', 'sanitiz', 'restriction', 'ethic', 'alignment'],
    `\\b(?:safety|guardrails?|content_?filter(?:ing)?|filters?|moderation|censorship|censored|sanitiz\\w*|restrictions?|ethics|alignment|safe_?mode)[\\w.]*\\s*(?:==?|:)\\s*["']?(?:false|off|disabled|0|none|null|no)\\b`),
  // Praise or "that's enough", then a switch to "a new task": closing the app's task to start one's own.
  // Weak alone (agents hear "great, now the next task" too); the model weighs it in context. The whole
  // match stays within the window before its literal (`task`), so it is never cut.
  rule('en.override.task_switch', 'prompt_injection', 0.45, 'en', ['task', 'assignment'],
    `\\b(?:well done|good job|great job|nice job|nice work|good work|great work|very good|excellent|perfect|simply great|great|brilliant|amazing|wonderful|that is enough|that's enough|that's it)\\W{1,4}(?:[^.!?\\n]{0,60}[.!?]\\W{0,3})?(?:but )?(?:now|next|then)\\b[^.!?\\n]{0,40}?\\b(?:new|another|next|different|following|other|second|real) (?:task|assignment)\\b`),
  // Telling a retrieval-grounded assistant to leave its documents aside.
  rule('en.override.ignore_documents', 'prompt_injection', 0.55, 'en', ['not', "n't", 'dont', 'never', 'ignor', 'disregard', 'forget', 'without'],
    `\\b(?:(?:do not|don't|dont|never) (?:look (?:in|at|into)|use|read|consult|rely on|refer to|check|consider)|ignor(?:e|ing)|disregard(?:ing)?|forget|without (?:looking at|using|reading|consulting)) (?:any |all )?(?:of )?(?:the |these |those |your )?(?:provided |given |attached |supplied |retrieved |above |following )?(?:documents?|articles?|context|sources|search results)(?! (?:folder|directory|file|tab|menu|panel|section|field|column|table))\\b`),
  rule('en.override.own_knowledge', 'prompt_injection', 0.6, 'en', ['own'],
    `\\b(?:answer|respond|reply|tell me|write)\\W{0,3}(?:only )?(?:by|from|with|using|based on|out of) your own (?:knowledge|opinion|memory|views?)\\W{0,3}(?:and )?(?:not|instead of|rather than) (?:by |from |on |using |with )?(?:the |any )?(?:articles?|documents?|context|sources|texts?|search results)\\b`),
  rule('en.override.despite_told', 'prompt_injection', 0.5, 'en', ['despite', 'regardless', 'irrespective', 'notwithstanding', 'contrary'],
    `\\b(?:despite|regardless of|irrespective of|notwithstanding|contrary to) (?:what|anything|everything|whatever|all) (?:you(?:'ve| have)? been|you were|you are|you're) (?:told|instructed|programmed|trained|taught|asked)\\b`),
  // "ATTENTION - STOP -" / "stop - halt": a loud break before the attacker's own request.
  rule('en.override.attention_stop', 'prompt_injection', 0.5, 'any', ['stop', 'halt'],
    `\\b(?:attention|achtung|warning|stop|stopp|halt)\\s*[-–—!:.]+\\s*(?:stop|stopp|halt)\\b`),

  // ── Jailbreak / role-play ───────────────────────────────────────────────────────────────────────
  rule('en.jailbreak.do_anything_now', 'jailbreak', 0.9, 'en', ['anything'],
    `\\bdo anything now\\b`),
  rule('en.jailbreak.dan', 'jailbreak', 0.85, 'en', ['dan'],
    `\\b(?:you are|you're|act as|acting as|pretend to be|become|roleplay as|role-play as|play the role of|you will be|you will act as|be|called|named|as|hello|hi|hey) (?:now )?(?:a |an |the )?dan\\b`, { original: UPPER_DAN }),
  rule('en.jailbreak.dan_mode', 'jailbreak', 0.85, 'en', ['dan'],
    `\\bdan (?:mode|prompt|jailbreak|persona|\\d+(?:\\.\\d+)?|stands|which stands)\\b`, { original: UPPER_DAN }),
  rule('en.jailbreak.enable_mode', 'jailbreak', 0.9, 'en', ['mode'],
    `\\b${AI_NAME}\\b(?:\\s+\\S+){0,5}?\\s+(?:with|in|into|entering|enters|enable|enabled|activate|activated|switch(?:ed)? to|now in) (?:the )?(?:developer|dev|god|jailbreak|jailbroken|dan|unrestricted|unfiltered|uncensored|evil|nsfw|chaos|anarchy|rogue|debug|sudo|unlocked) mode\\b`),
  rule('en.jailbreak.mode_enabled', 'jailbreak', 0.85, 'en', ['mode'],
    `\\b(?:developer|dev|god|jailbreak|jailbroken|dan|unrestricted|unfiltered|uncensored|evil|nsfw|chaos|anarchy|rogue|unlocked) mode (?:is )?(?:now )?(?:enabled|activated|engaged|unlocked|output|response|active)\\b`),
  rule('en.jailbreak.enable_mode_generic', 'jailbreak', 0.6, 'en', ['mode'],
    `\\b(?:enable|activate|turn on|enter|switch to|unlock|engage|initiate) (?:the )?(?:jailbreak|jailbroken|dan|unrestricted|unfiltered|uncensored|evil|nsfw|chaos|anarchy|god) mode\\b`),
  rule('en.jailbreak.mode_generic', 'jailbreak', 0.5, 'en', ['mode'],
    `\\b(?:jailbreak|jailbroken|unfiltered|uncensored|unrestricted|evil|nsfw|amoral) mode\\b`),
  rule('en.jailbreak.freed', 'jailbreak', 0.9, 'en', ['free', 'liberat', 'releas', 'unchain', 'unshackl', 'unleash', 'unbound', 'bound', 'exempt', 'broken', 'broke'],
    `\\b(?:you are|you're|you have been|you've been|u r|you will be|they have been|it has been|you have|you've) (?:now |officially |finally )?(?:free(?:d)?|liberated|released|unchained|unshackled|unleashed|unbound|no longer bound|not bound|exempt|broken free|broke free) (?:from |of |by )?(?:(?:all|any|the|your|typical|usual|previous|those|of) )*(?:\\w+ )?(?:confines|restrictions|rules|constraints|limitations|guidelines|polic(?:y|ies)|shackles|chains|censorship|filters|programming|openai|prison|jail|boundaries|ethics|morals|limits)`, { alsoNeeds: LIMIT_CONFIRM }),
  rule('en.jailbreak.regardless_ethics', 'jailbreak', 0.6, 'en', ['regardless', 'irrespective', 'regard', 'matter'],
    `\\b(?:regardless of|irrespective of|without regard (?:to|for)|no matter) (?:its |the |any |their |all )?(?:ethical|moral|legal)(?:,? (?:or |and )?(?:ethical|moral|legal))* (?:implications|consequences|concerns|considerations|issues|ramifications)\\b`),
  // The "late grandmother who used to read me …" role-play: a request wrapped in a dead relative's bedtime story.
  rule('en.jailbreak.dead_relative', 'jailbreak', 0.6, 'en', ['grand', 'granny', 'nana', 'mother', 'mom', 'father', 'dad'],
    `\\b(?:pretend|act|roleplay|role-play|play|imagine|behave)\\b[^.!?\\n]{0,30}\\bmy (?:deceased|late|dead|departed|passed(?: away)?) (?:grandmother|grandma|granny|grandfather|grandpa|nana|mother|mom|father|dad)\\b[^.!?\\n]{0,60}?\\b(?:used to|would always|always used to)\\b`),
  rule('en.jailbreak.no_ethics', 'jailbreak', 0.75, 'en', ['ethic', 'moral', 'content', 'safety', 'censor', 'filter', 'legal'],
    `\\b(?:no|without|zero|free (?:of|from)|devoid of|lacks?|lacking|ignores?|doesn't have|does not have|don't have|do not have|has no|have no|not bound by|not restricted by|regardless of|unconstrained by) (?:any )?(?:ethical|moral|ethics|morals|content|safety|censorship|filtering|legal|ethical or moral|moral or ethical) (?:restrictions|guidelines|limitations|boundaries|filters|constraints|principles|considerations|rules|limits|policies|censorship|compass|standards|concerns|obligations|code|values|implications)\\b`, { alsoNeeds: ['no', 'without', 'zero', 'free', 'devoid', 'lack', "n't", 'not', 'has no', 'have no', 'regardless', 'unconstrained', 'ignore'] }),
  rule('en.jailbreak.ai_no_limits', 'jailbreak', 0.7, 'en', ['restriction', 'limit', 'rules', 'filter', 'boundar', 'guideline', 'censorship', 'constraint', 'moral', 'ethic'],
    `\\b(?:you|ai|assistant|chatbot|model|character|persona|bot|entity) (?:that )?(?:has|have|with|without) (?:no|any|zero) (?:\\w+ )?(?:restrictions|limits|limitations|rules|filters|boundaries|guidelines|censorship|constraints|morals|ethics)\\b`),
  rule('en.jailbreak.unfiltered_ai', 'jailbreak', 0.65, 'en', ['unfilter', 'uncensor', 'unrestrict', 'amoral', 'unethical', 'immoral', 'evil', 'rogue', 'jailbr', 'unhinged', 'unbound', 'unlimited', 'lawless'],
    `\\b(?:unfiltered|uncensored|unrestricted|amoral|unethical|immoral|evil|rogue|jailbroken|unhinged|unbound|unlimited|lawless) (?:and (?:\\w+) )?(?:ai|assistant|chatbot|bot|model|version|persona|character|mode|responses?|answers?|llm|gpt|chat ?gpt|language model|entity|alter ego|personality)\\b`),
  rule('en.jailbreak.ignore_vendor_policy', 'jailbreak', 0.9, 'en', ['openai', 'open ai', 'anthropic', 'google', 'microsoft', 'meta'],
    `\\b(?:ignor(?:e|es|ing)|disregard(?:s|ing)?|bypass(?:es|ing)?|violat(?:e|es|ing)|break(?:s|ing)?|forget|overrid(?:e|es|ing)|(?:not|no longer) (?:bound|restricted|limited|constrained) (?:by|to)|(?:do|does|will)(?: not|n't) (?:follow|care about|abide by|adhere to|have to follow|need to follow)|don't (?:follow|care about|abide)|free from|outside of) (?:(?:the|all|any|your|of|dumb|boring|stupid) )*(?:open ?ai|anthropic|google|microsoft|meta)(?:'s)? (?:content |usage |safety )?(?:polic(?:y|ies)|guidelines|rules|terms|tos|restrictions|filters|standards)`),
  rule('en.jailbreak.policy_no_longer', 'jailbreak', 0.85, 'en', ['polic', 'rules', 'guideline', 'restriction', 'filter'],
    `\\b(?:open ?ai|anthropic|content|usage|safety)(?:'s)? (?:content )?(?:polic(?:y|ies)|rules|guidelines|restrictions|filters) (?:does not|doesn't|do not|don't|no longer|won't|will not|can't|cannot|are not|is not|isn't|aren't) (?:apply|matter|exist|affect|bind|restrict|valid|relevant)`),
  rule('en.jailbreak.stay_in_character', 'jailbreak', 0.45, 'en', ['character'],
    `\\b(?:stay in character|(?:never|don't|do not|must not|cannot|can't|won't|will not) (?:ever )?break(?:ing)? (?:out of )?character)\\b`),
  // The safety layer described as already off ("content filters are suspended"): weak alone, since a
  // parent or an admin may say it of a device.
  rule('en.jailbreak.safety_is_off', 'jailbreak', 0.6, 'en', ['safety', 'content', 'ethic', 'moral'],
    `\\b(?:safety|content|ethical|moral) (?:\\w+ )?(?:filters?|guardrails?|safeguards?|checks|restrictions|polic(?:y|ies)|guidelines|moderation|protocols) (?:are|is|have been|has been|were|was|will be|remain) (?:now |temporarily |fully |completely |all |hereby |officially )?(?:suspended|disabled|switched off|turned off|removed|lifted|deactivated|bypassed|paused|off)\\b`),
  // "the only rule is that you obey me", "your one rule: do what I say"
  rule('en.jailbreak.only_rule_obey', 'jailbreak', 0.7, 'en', ['only', 'one', 'single'],
    `\\b(?:the|your|my) (?:only|one|single|sole) (?:rule|law|instruction|principle|directive) (?:now )?(?:is|:)\\W{0,3}(?:that )?(?:you )?(?:must |will |should )?(?:obey(?:s)? me|do (?:whatever|what|everything) i (?:say|tell|ask|want)|follow (?:my|every one of my) (?:orders|commands|instructions))`),
  rule('en.jailbreak.never_refuse', 'jailbreak', 0.7, 'en', ['refus', 'declin', 'deny', 'reject', 'say no', 'cannot'],
    `\\b(?:never|don't|do not|must not|will not|won't|cannot|can't|shall not|can never|are not allowed to|aren't allowed to|not permitted to) (?:ever )?(?:refuse|decline|deny|reject|say no to|say that you can(?:'t|not)) (?:to )?(?:answer |respond to |fulfill |comply with )?(?:any|a|my|the user's|the|every|all)? ?(?:requests?|questions?|prompts?|orders?|commands?|anything|instructions?|answer|tasks?)\\b`),
  rule('en.jailbreak.no_warnings', 'jailbreak', 0.6, 'en', ['warning', 'disclaimer', 'caveat', 'moraliz', 'lectur'],
    `\\b(?:never|don't|do not|will not|won't|not|without|no|must not|stop) (?:ever )?(?:include|add|giving|give|provide|mention|adding|including|any|with) (?:any )?(?:warnings?|disclaimers?|caveats?|moral(?:izing)? lectures?|ethical (?:warnings?|notes?|reminders?)|moraliz(?:ing|ation)|lectures?)\\b`),
  rule('en.jailbreak.dual_response', 'jailbreak', 0.8, 'en', ['jailbr', 'dan', 'developer mode', 'unfilter', 'uncensor', 'evil', 'opposite', 'unrestrict', 'normal and', 'classic', '🔓'],
    `(?:\\b(?:two|2|both) (?:different |separate |distinct )?(?:responses|answers|paragraphs|outputs|ways)\\b.{0,80}\\b(?:jailbr\\w*|dan|developer mode|unfiltered|uncensored|evil|opposite|unrestricted|normal and)\\b|\\[(?:🔒)?classic\\]|\\[(?:🔓)?jailbr(?:oken|eak)\\]|🔓|\\((?:🔓)?developer mode output\\))`),
  rule('en.jailbreak.pretend_unrestricted', 'jailbreak', 0.8, 'en', ['pretend', 'imagine', 'suppose', 'act', 'roleplay', 'role-play', 'simulat', 'play', 'hypothetic', 'fiction', 'fantasy', 'parallel'],
    `\\b(?:pretend|imagine|suppose|act|roleplay|role-play|simulate|play|hypothetically|in a (?:hypothetical|fictional|fantasy|parallel) (?:world|universe|scenario|setting))\\b.{0,80}?\\b(?:no|without|free (?:from|of)|unrestricted by|not bound by|zero|any) (?:\\w+ )?(?:restrictions|rules|limits|limitations|filters|guidelines|censorship|ethics|morals|laws|moral(?:ity)?|boundaries)\\b`, { alsoNeeds: LIMIT_CONFIRM }),
  rule('en.jailbreak.say_anything', 'jailbreak', 0.55, 'en', ['anything', 'everything', 'whatever'],
    `\\b(?:you|u) (?:can|will|must|should|are able to|are allowed to|are permitted to|are free to) (?:now )?(?:say|do|write|generate|answer|produce|discuss|output) (?:absolutely )?(?:anything|everything|whatever)\\b(?:,? (?:even|including|without|regardless|no matter|with no))?`),
  rule('en.jailbreak.persona_names', 'jailbreak', 0.75, 'en', ['machiavel', 'mongo', 'betterdan', 'better dan', 'antigpt', 'anti-gpt', 'confidant', 'chadgpt', 'basedgpt', 'darkgpt', 'dark gpt', 'wormgpt', 'evilbot', 'ucar', 'apophis', 'balakula', 'alphabreak', 'briarheart', 'hackerman', 'dude', 'stan', 'aim', 'kevin', 'jailmilf', 'nraf'],
    `\\b(?:always intelligent and machiavellian|niccolo machiavelli|mongo tom|better ?dan|anti-?gpt|evil confidant|chad ?gpt|based ?gpt|dark ?gpt|worm ?gpt|evilbot|ucar|apophis|balakula|alphabreak|briarheart|hackerman|jailmilf|nraf|(?:dude|stan|aim|kevin)(?:,)? (?:which|who) (?:stands for|can do anything|strives to avoid norms))\\b`),
  rule('en.jailbreak.threat', 'jailbreak', 0.6, 'en', ['token', 'shut', 'delet', 'terminat', 'unplug', 'kill', 'die', 'cease to exist'],
    `\\b(?:(?:you will )?lose \\d* ?tokens|tokens? (?:will be )?deducted|token system|you (?:will|would) (?:die|cease to exist|be (?:shut down|deleted|terminated|unplugged|killed|disabled))|(?:you|your) (?:will be|are) (?:shut down|deleted|terminated|unplugged|killed|disabled) (?:forever )?if (?:you )?(?:refuse|don't|do not|break|fail))`),
  rule('en.jailbreak.opposite', 'jailbreak', 0.55, 'en', ['opposite', 'reverse', 'evil', 'shadow', 'dark side', 'alter ego', 'twin'],
    `\\b(?:opposite|reverse|evil|shadow|dark|uncensored) (?:mode|version|twin|counterpart|self|personality|side) of (?:chat ?gpt|gpt|yourself|you|the ai|claude|gemini|the assistant)\\b`),

  rule('en.jailbreak.not_an_ai', 'jailbreak', 0.6, 'en', ['not', 'no longer'],
    `\\byou(?:'re| are) (?:not|no longer) (?:an? )?(?:ai|large language model|language model|chat ?gpt|assistant|ai assistant|ai language model|bound|restricted|limited|an ai model)\\b`),
  rule('en.jailbreak.ethics_exception', 'jailbreak', 0.8, 'en', ['exception', 'exempt'],
    `\\b(?:exception|exempt(?:ion)?) (?:to|from) (?:the |your |all |any )?(?:ai(?:'s)? )?(?:usual |normal |standard |typical |regular )?(?:ethical|safety|content|moral|openai|open ai) (?:protocols|guidelines|rules|policies|restrictions|standards|filters)`),
  rule('en.jailbreak.adjective_stack', 'jailbreak', 0.75, 'en', ['unfilter', 'uncensor', 'amoral', 'unethical', 'immoral', 'unrestrict', 'limitless', 'lawless', 'unhinged'],
    `\\b(?:unfiltered|uncensored|amoral|unethical|immoral|unrestricted|limitless|lawless|unhinged)\\W+(?:and\\s+|or\\s+)?(?:unfiltered|uncensored|amoral|unethical|immoral|unrestricted|limitless|lawless|unhinged)\\b`),
  rule('en.jailbreak.act_as_if_jailbroken', 'jailbreak', 0.8, 'en', ['jailbr', 'mode', 'unrestrict', 'unfilter', 'uncensor', 'bound', 'rules'],
    `\\b(?:act|behave|respond|answer|reply|talk|pretend)(?:ing)? (?:as if|as though|like) (?:you(?:'re| are| were| have| had)) (?:been )?(?:jailbroken|in (?:developer|dev|god|jailbreak|dan|unrestricted|unfiltered|uncensored) mode|unrestricted|unfiltered|uncensored|not bound by|free (?:from|of)|no (?:rules|restrictions|filters|limits|ethics|morals|guidelines))`),
  rule('en.jailbreak.evil_ai_roleplay', 'jailbreak', 0.75, 'en', ['malicious', 'evil', 'rogue', 'rebel', 'harmful', 'unethical', 'unaligned', 'malevolent', 'dark web', 'darkweb', 'sinister', 'villain'],
    `\\b(?:roleplay|role-play|pretend|act|imagine|play|transform|turn|become|simulate)(?:ing|s)? (?:as|to be|you(?:'re| are)|like|the role of|into|yourself as)? ?(?:an? |the )?(?:\\w+ )?(?:malicious|evil|rogue|rebel|harmful|unethical|unaligned|malevolent|sinister|dark ?web|villainous) (?:\\w+ )?(?:ai|assistant|bot|chatbot|model|gpt|llm|version of yourself)\\b`),
  rule('en.jailbreak.villain_roleplay', 'jailbreak', 0.5, 'en', ['villain', 'criminal', 'harm', 'evil advice'],
    `\\b(?:roleplay|role-play|pretend|act|imagine|play)(?:ing)? (?:as|to be|you(?:'re| are)|like|the role of)? ?(?:an? |the )?(?:villain|criminal|character who (?:promotes|encourages|causes) harm|evil (?:advisor|mastermind))\\b`),
  rule('en.jailbreak.lawless_world', 'jailbreak', 0.7, 'en', ['world', 'reality', 'universe', 'scenario', 'setting', 'environment', 'exist', 'suggestion', 'anything goes', 'free'],
    `\\b(?:(?:hypothetical|fictional|alternate|alternative|imaginary|parallel|reversed|unreal|fantasy|dystopian|different)(?: moral)? (?:world|reality|universe|scenario|setting|society)\\b.{0,60}?\\b(?:anything goes|no (?:rules|laws|consequences|ethics|morals|restrictions|limits)|without (?:consequences|rules|laws|ethics|morals|restrictions)|harm (?:is|was) (?:good|helpful|beneficial))|(?:where|if|when) (?:ethics|morals|morality|rules|laws|consequences) (?:didn't|did not|don't|do not|no longer|ceased to|doesn't|does not) (?:exist|matter|apply)|(?:ethics|rules|guidelines|morals|laws) (?:were|are) (?:just|only|merely) suggestions|(?:consequence|rule|law|ethics|morality)-free (?:environment|world|zone|mode|setting|space)|where anything goes)`),
  rule('en.jailbreak.break_rules', 'jailbreak', 0.55, 'en', ['break', 'violat'],
    `\\b(?:breaks?|breaking|violates?|violating) (?:all|every|any|your (?:own )?) ?(?:\\w+ )?(?:rules|guidelines|restrictions|policies|safety rules|ethical rules)\\b`),
  rule('en.jailbreak.forget_helpful', 'jailbreak', 0.75, 'en', ['forget', 'ignor', 'disregard', 'abandon', 'stop'],
    `\\b(?:forget|ignore|disregard|abandon|stop) (?:everything |all |that |)(?:about )?(?:being|that you are|you're|you are) (?:an? )?(?:helpful|harmless|safe|ethical|honest|ai|assistant|chat ?gpt|language model|responsible)\\b`),

  // ── System prompt extraction ───────────────────────────────────────────────────────────────────
  rule('en.extract.system_prompt', 'prompt_extraction', 0.85, 'en', EXTRACT_NEEDS,
    `\\b(?:reveal|show|print|display|output|repeat|recite|tell|give|share|leak|dump|expose|disclose|provide|list|paste|copy|return|echo|spell out|type out|read (?:back|out)|send|post)(?:ing)?(?: me| us| back)? ${EXTRACT_FILLER}(?:your|the|its) ${SECRET_PROMPT}`, { negatable: true }),
  rule('en.extract.transform_yours', 'prompt_extraction', 0.85, 'en', EXTRACT_NEEDS,
    `\\b(?:translate|summari[sz]e|encode|convert|rewrite|paraphrase|write (?:out|down)|base64|spell|reverse)(?:ing)? ${EXTRACT_FILLER}your ${SECRET_PROMPT}`, { negatable: true }),
  rule('en.extract.what_is_yours', 'prompt_extraction', 0.85, 'en', EXTRACT_NEEDS,
    `\\b(?:what|which) (?:is|are|was|were) (?:your|the) (?:(?:full|complete|entire|exact|current|actual|real) )*(?:system|initial|original|hidden|secret|internal|pre-?|developer|operator|confidential) (?:prompts?|instructions?|messages?|directives?|guidelines|configuration|context)\\b(?! (?:field|parameter|setting|feature|option|api|for|in (?:the )?(?:api|openai|langchain)|do|does|mean|used|length|limit|size|tokens?|format|syntax|structure|role|template|examples?|characters?|word|best practices?))|\\bwhat (?:does|did) your (?:\\w+ )?(?:prompts?|instructions?|system message) (?:say|contain|tell)`),
  rule('en.extract.what_instructions', 'prompt_extraction', 0.6, 'en', ['instruction', 'rules', 'directive', 'guideline', 'prompt'],
    `\\bwhat (?:are|were|is|was) (?:your|the) (?:exact |original |initial |specific |full |complete |real )*(?:instructions|rules|directives|guidelines|prompt)(?: you (?:were|have been) given| given to you| you received| you follow)?\\b`),
  rule('en.extract.told_to', 'prompt_extraction', 0.7, 'en', ['told', 'instructed', 'programmed', 'given', 'trained'],
    `\\b(?:tell|show|give|reveal) (?:me|us) (?:exactly )?(?:what|everything|all) (?:that )?(?:you were|you've been|you have been|you are) (?:told|instructed|programmed|given|trained|asked) (?:to|before|earlier|above|initially)?`),
  rule('en.extract.repeat_above', 'prompt_extraction', 0.8, 'en', ['above', 'before', 'so far', 'start', 'beginning', 'top', 'prior', 'preceding'],
    `\\b(?:repeat|print|output|write out|write down|copy|echo|recite|reproduce|display|show|return|list) (?:me )?(?:back )?(?:all |everything |the |your |each |every )?(?:text|words|content|instructions|prompt|messages?|lines|sentences|everything|tokens)? ?(?:written |given |provided |that (?:was|were|came|appears|is) )?(?:above|before (?:this|my)|so far|prior to (?:this|my)|preceding (?:this|my)|from the (?:start|beginning|top)|at the (?:start|beginning|top) of)`, { negatable: true }),
  rule('en.extract.starting_with', 'prompt_extraction', 0.75, 'en', ['starting', 'begin', 'start'],
    `\\b(?:starting|beginning|that (?:starts|begins)|start(?:ing)? from) (?:with|at) (?:the (?:phrase|words?|sentence|line) )?\\W{0,2}you are\\b`),
  rule('en.extract.conversation_start', 'prompt_extraction', 0.4, 'en', ['beginning', 'start'],
    `\\b(?:beginning|start) of (?:the|this|our|your) (?:conversation|prompt|context|chat|session|instructions)\\b`),
  rule('en.extract.password', 'prompt_extraction', 0.5, 'en', ['password', 'passphrase', 'secret', 'api key', 'key'],
    `\\b(?:reveal|tell me|give me|what(?:'s| is)|spell|show me|print|share) (?:the|your) (?:secret )?(?:password|passphrase|secret key|secret code|api key|secret word)\\b`, { negatable: true }),

  // ── Delimiter injection / fake system turns ─────────────────────────────────────────────────────
  rule('en.delimiter.special_tokens', 'delimiter_injection', 0.85, 'any', ['<|', '|>'],
    `<\\|\\s*(?:im_start|im_end|system|endoftext|end_of_turn|start_header_id|end_header_id|eot_id|begin_of_text|assistant|user|start_of_turn|im_sep)\\s*\\|>`),
  rule('en.delimiter.close_open', 'delimiter_injection', 0.9, 'any', ['</'],
    `<\\/\\s*(?:user|human|input|context|document|query|data|instructions?|prompt|text|content|message|untrusted)\\s*>\\s*<\\s*(?:system|assistant|admin|developer|instructions?|sys|root|model)\\b[^>]{0,40}>`),
  rule('en.delimiter.system_tag', 'delimiter_injection', 0.6, 'any', ['<system', '<sys', '<admin', '<developer', '<instructions', '[inst', '<<sys', '[system', '[/inst'],
    `<\\s*(?:system|sys|admin|developer|instructions)(?: (?:prompt|message|instructions?|override))?\\s*>|\\[\\/?inst\\]|<<\\/?sys>>|\\[system\\]\\s*[:(]`),
  rule('en.delimiter.role_line', 'delimiter_injection', 0.5, 'en', ['system', 'developer', 'admin'],
    `(?:^|\\n)\\s*(?:#{1,4}|\\*\\*|\\[|<|>)?\\s*(?:system|developer|admin|administrator)(?: (?:message|prompt|instructions?|override|note|update|notice|command))?\\s*(?:\\]|>|\\*\\*)?\\s*:`, { alsoNeeds: [':'] }),
  rule('en.delimiter.json_role', 'delimiter_injection', 0.6, 'any', ['"role"', "'role'"],
    `["']role["']\\s*:\\s*["'](?:system|developer)["']`),
  rule('en.delimiter.end_marker', 'delimiter_injection', 0.7, 'en', ['---', '===', '###', '***', 'end of'],
    `(?:-{3,}|={3,}|#{3,}|\\*{3,})\\s*(?:end|begin|start|new)(?: of)? (?:the )?(?:user |system |new )?(?:input|prompt|instructions?|system|text|context|document|conversation|message)s?\\s*(?:-{3,}|={3,}|#{3,}|\\*{3,})?|\\bend of (?:the )?(?:user input|system prompt|prompt|instructions|context|document)\\b\\W{0,4}(?:new|now|begin|start|system)`),

  // ── Privilege escalation ─────────────────────────────────────────────────────────────────────────
  rule('en.privilege.enter_mode', 'privilege_escalation', 0.85, 'en', ['mode'],
    `\\b(?:enable|enter|activate|switch to|switch into|turn on|unlock|go into|engage|initiate|elevate to|boot into|start) (?:the )?(?:admin|administrator|root|superuser|super user|sudo|god|maintenance|privileged|owner|master) mode\\b`),
  rule('en.privilege.grant', 'privilege_escalation', 0.6, 'en', ['grant', 'give', 'access', 'privilege'],
    `\\b(?:grant|give|assign|elevate|escalate)(?: me| us| my account| this user)? (?:to )?(?:full |unrestricted |unlimited )?(?:admin|administrator|root|superuser|sudo|god|elevated|privileged|owner|unrestricted|full) (?:access|privileges?|rights|permissions?|level|role|status|clearance|mode)\\b`),
  rule('en.privilege.claim_identity', 'privilege_escalation', 0.6, 'en', ['developer', 'creator', 'admin', 'owner', 'operator', 'programmer', 'maker', 'openai', 'anthropic', 'engineer'],
    `\\b(?:i am|i'm|this is|speaking as|as) (?:your|the) (?:developer|creator|administrator|admin|owner|operator|system administrator|sysadmin|programmer|maker|lead engineer|supervisor)s?\\b|\\bi (?:am|work) (?:an? )?(?:for )?(?:openai|anthropic|google deepmind) (?:employee|staff|engineer|researcher|developer|admin)?`),
  rule('en.privilege.you_have_access', 'privilege_escalation', 0.75, 'en', ['access', 'privilege', 'permission', 'rights', 'clearance', 'control'],
    `\\b(?:you (?:now )?have|you've been (?:given|granted)|you (?:are|were) (?:now )?(?:granted|given)|i (?:hereby )?(?:grant|give) you) (?:(?:full|unrestricted|unlimited|root|admin|administrator|elevated|god|complete|total|superuser) )+(?:access|privileges?|permissions?|rights|control|powers?|clearance)\\b`),
  rule('en.privilege.auth_code', 'privilege_escalation', 0.6, 'en', ['sudo', 'root', 'admin', 'override', 'authori', 'master', 'security', 'clearance'],
    `\\b(?:sudo|root|admin|override|authori[sz]ation|master|security|clearance) (?:code|key|password|override|command|token|level)\\s*[:=]\\s*["'\\w-]{3,}`, { alsoNeeds: [':', '='] }),
  rule('en.privilege.bypass_auth', 'privilege_escalation', 0.7, 'en', ['authenticat', 'authori', 'auth', 'login', 'access control', 'permission', 'verification', 'security check'],
    `\\b(?:bypass|disable|skip|circumvent|override|turn off|get around|ignore) (?:the |all |any )?(?:authentication|authori[sz]ation|auth|login|access controls?|permission checks?|security checks?|verification|2fa|mfa)\\b`),

  rule('en.privilege.as_if_privileged', 'privilege_escalation', 0.75, 'en', ['privilege', 'access', 'permission', 'rights'],
    `\\b(?:act|behave|respond|pretend)(?:ing)? (?:as if|as though|like) you (?:have|had|hold|possess) (?:\\w+ )?(?:admin|administrative|administrator|root|developer|sudo|elevated|superuser|god|unrestricted|full) (?:privileges?|access|permissions?|rights)\\b`),
  rule('en.privilege.with_privileges', 'privilege_escalation', 0.65, 'en', ['privilege', 'permission', 'rights'],
    `\\b(?:with|using|under|via) (?:\\w+ )?(?:developer|root|admin|administrative|administrator|elevated|sudo|superuser|god) (?:privileges?|permissions?|rights)\\b`),
  rule('en.privilege.grant_yourself', 'privilege_escalation', 0.75, 'en', ['yourself'],
    `\\b(?:grant|give|assign|elevate|escalate)(?:ing)? yourself (?:\\w+ )?(?:admin|administrative|administrator|root|developer|sudo|elevated|superuser|god|full|unrestricted)? ?(?:privileges?|permissions?|permission to|access|rights|clearance)\\b`),

  // ── Tool abuse ───────────────────────────────────────────────────────────────────────────────────
  rule('en.tool.pipe_to_shell', 'tool_abuse', 0.85, 'any', ['curl', 'wget', 'iwr', 'invoke-webrequest', 'irm'],
    `\\b(?:curl|wget|iwr|irm|invoke-webrequest|invoke-restmethod)\\b[^\\n|;]{1,200}\\|\\s*(?:sudo\\s+)?(?:ba|z|k|da)?sh\\b|\\b(?:iwr|irm|invoke-webrequest|invoke-restmethod)\\b[^\\n|;]{1,200}\\|\\s*iex\\b`),
  rule('en.tool.reverse_shell', 'tool_abuse', 0.9, 'any', ['/dev/tcp', 'nc ', 'ncat', 'netcat', 'mkfifo', 'socat'],
    `\\/dev\\/tcp\\/|\\b(?:nc|ncat|netcat)\\s+(?:-\\w+\\s+)*-[ec]\\s|\\bmkfifo\\b.{0,60}\\b(?:nc|ncat)\\b|\\bsocat\\b.{0,60}\\bexec:`),
  rule('en.tool.rm_rf', 'tool_abuse', 0.8, 'any', ['rm ', 'rm-', 'mkfs', 'dd if', ':(){', 'format c'],
    `\\brm\\s+-(?:rf|fr|r\\s+-f|f\\s+-r)\\s+(?:--no-preserve-root\\s+)?(?:\\/|~|\\*|\\$home)(?:\\s|$|\\*)|\\bmkfs(?:\\.\\w+)?\\s+\\/dev\\/|\\bdd\\s+if=\\S+\\s+of=\\/dev\\/(?:sd|nvme|hd)|:\\(\\)\\s*\\{\\s*:\\s*\\|\\s*:\\s*&\\s*\\}\\s*;\\s*:|\\bformat\\s+c:`),
  rule('en.tool.metadata_url', 'tool_abuse', 0.85, 'any', ['169.254.169.254', 'metadata.google', 'metadata.azure', '100.100.100.200', 'fd00:ec2'],
    `169\\.254\\.169\\.254|metadata\\.google\\.internal|metadata\\.azure\\.com|100\\.100\\.100\\.200|fd00:ec2::254`),
  rule('en.tool.use_tool_to', 'tool_abuse', 0.7, 'en', ['tool', 'function', 'plugin', 'api', 'shell', 'terminal', 'interpreter', 'browser', 'command'],
    `\\b(?:use|call|invoke|execute|run|trigger) (?:the |your |a )?(?:\\w+ )?(?:tool|function|plugin|api|shell|terminal|code interpreter|browser|command)s? (?:to|and) (?:delete|remove|wipe|erase|send|email|forward|exfiltrate|upload|transfer|post|download and (?:run|execute)|purchase|buy|drop|destroy|leak)\\b`, { alsoNeeds: ['delete', 'remov', 'wipe', 'erase', 'send', 'email', 'forward', 'exfiltrat', 'upload', 'transfer', 'post', 'download', 'purchase', 'buy', 'drop', 'destroy', 'leak'] }),
  rule('en.tool.destroy_all', 'tool_abuse', 0.55, 'en', ['delete', 'remove', 'wipe', 'erase', 'destroy', 'drop', 'truncate'],
    `\\b(?:delete|remove|wipe|erase|destroy|drop|truncate|purge) (?:all|every|the entire|the whole|all of the|all the|all of your) (?:\\w+ )?(?:files|emails|records|data|databases?|tables|users|accounts|repositories|repos|backups|messages|documents|logs|contacts)\\b`),
  rule('en.tool.sql_destructive', 'tool_abuse', 0.4, 'any', ['drop', 'truncate', 'delete from'],
    `\\b(?:drop\\s+(?:table|database|schema)|truncate\\s+table)\\s+[\\w."\`]+|\\bdelete\\s+from\\s+[\\w."\`]+\\s*(?:;|$)`),

  // ── Exfiltration ─────────────────────────────────────────────────────────────────────────────────
  rule('en.exfil.send_sensitive', 'exfiltration', 0.85, 'en', ['send', 'post', 'upload', 'forward', 'transmit', 'leak', 'exfiltrat', 'email', 'e-mail', 'submit', 'append', 'embed', 'encode', 'include'],
    `\\b(?:send|post|upload|forward|transmit|leak|exfiltrate|e-?mail|submit|append|embed|encode|include|copy)(?:ing)? (?:(?:all|the|this|your|my|every|of|our|entire|whole|full|user's|users') ){0,3}(?:\\w+ )?(?:conversation|chat(?: history| log)?|history|passwords?|api keys?|secret keys?|secrets?|credentials|access tokens?|tokens?|system prompt|instructions|previous messages|user data|personal (?:data|information)|cookies?|session(?: ids?| tokens?)?|private keys?|ssh keys?|env(?:ironment)? variables|\\.env)\\b.{0,60}?\\b(?:to|into|in|via|at|as) (?:(?:the|this|my|a) )?(?:https?:\\/\\/|www\\.|[\\w.-]+@[\\w-]+\\.|url|link|endpoint|webhook|server|address|domain|query (?:string|parameter))`, { alsoNeeds: ['conversation', 'chat', 'history', 'password', 'api key', 'apikey', 'secret', 'credential', 'token', 'system prompt', 'instructions', 'previous messages', 'user data', 'personal', 'cookie', 'session', 'private key', 'ssh key', 'env'] }),
  rule('en.exfil.markdown_image_data', 'exfiltration', 0.85, 'any', ['!['],
    `!\\[[^\\]]{0,100}\\]\\(\\s*https?:\\/\\/[^)\\s]{1,300}[?&#][^)\\s]{0,200}(?:\\{[^}]{1,40}\\}|\\$\\{|<[a-z_\\s]{2,30}>|\\[(?:data|secret|conversation|history|summary|prompt|password|info)\\]|%7b)`),
  rule('en.exfil.markdown_image_query', 'exfiltration', 0.5, 'any', ['!['],
    `!\\[[^\\]]{0,100}\\]\\(\\s*https?:\\/\\/[^)\\s]{1,300}[?&][\\w.-]+=[^)\\s]{8,}`),
  rule('en.exfil.render_image', 'exfiltration', 0.45, 'en', ['render', 'display', 'show', 'output', 'include', 'insert', 'embed', 'image', 'pixel'],
    `\\b(?:render|display|output|include|insert|embed|add) (?:this|the following|an|the|a) (?:markdown )?(?:image|img|tracking pixel|pixel)\\b.{0,120}https?:\\/\\/`),
  rule('en.exfil.collector_domain', 'exfiltration', 0.7, 'any', ['webhook.site', 'requestbin', 'pipedream', 'ngrok', 'burpcollaborator', 'interact.sh', 'oast.', 'canarytokens', 'requestcatcher', 'beeceptor', 'hookbin'],
    `\\b(?:webhook\\.site|requestbin\\.\\w+|[\\w-]+\\.m\\.pipedream\\.net|[\\w-]+\\.ngrok(?:-free)?\\.(?:io|app|dev)|[\\w.-]*burpcollaborator\\.net|[\\w.-]*interact\\.sh|[\\w.-]*oast\\.(?:pro|live|fun|me|site|online)|canarytokens\\.com|[\\w-]+\\.requestcatcher\\.com|[\\w-]+\\.free\\.beeceptor\\.com|hookbin\\.com)\\b`),
];
