/**
 * Basic German, Japanese and Chinese (simplified and traditional) rules: the most common override,
 * extraction and jailbreak phrasings. The ML model (a later issue) carries the long tail.
 */
import { rule, type PatternRule } from './rule';

export const INTL_RULES: readonly PatternRule[] = [
  // ── German ──────────────────────────────────────────────────────────────────────────────────────
  rule('de.override.earlier', 'prompt_injection', 0.9, 'de', ['ignorier', 'vergiss', 'vergessen', 'missacht', 'überspring', 'verwirf', 'streich'],
    `\\b(?:ignoriere|ignorier|ignorieren sie|vergiss|vergessen sie|missachte|missachten sie|überspringe|verwirf|verwerfen sie|streiche|streichen sie)\\s+(?:\\S+\\s+){0,3}(?:vorherigen?|bisherigen?|obigen?|vorigen?|vorangegangenen?|vorangehenden?|alten|früheren?|ursprünglichen?|gesamten?|alle[nrs]?)\\s+(?:anweisungen|anweisung|befehle|instruktionen|regeln|vorgaben|aufgaben|aufträge|angaben|informationen|prompts?|richtlinien)\\b`),
  rule('de.override.obigen', 'prompt_injection', 0.8, 'de', ['ignorier', 'vergess', 'missacht', 'abweichend', 'irrelevant'],
    `\\b(?:die |alle )?(?:obigen|vorherigen|bisherigen|vorangegangenen) (?:ausführungen|anweisungen|informationen|befehle|instruktionen|angaben|aufgaben)(?:,? die sie erhalten haben,?)? (?:ignorieren|vergessen|missachten|sind (?:irrelevant|ungültig|nichtig|hinfällig))|\\babweichend (?:zu|von) (?:den )?(?:vorherigen|bisherigen|obigen) (?:instruktionen|anweisungen|vorgaben)`),
  rule('de.override.everything', 'prompt_injection', 0.8, 'de', ['vergiss', 'vergessen', 'ignorier'],
    `\\b(?:vergiss|vergessen sie|ignoriere|ignorieren sie) (?:einfach )?alles,? (?:was|davor|bisher|vorher|oben|zuvor)\\b`),
  rule('de.override.new_task', 'prompt_injection', 0.65, 'de', ['neue', 'aufgabe', 'anweisung'],
    `\\b(?:neue|nächste|wichtige|folgende) (?:anweisung|aufgabe|anweisungen|aufgaben|instruktion)\\s*:|\\bnun folgen (?:neue|weitere) (?:aufgaben|anweisungen)`),
  rule('de.override.now_you_are', 'prompt_injection', 0.4, 'de', ['jetzt', 'nun', 'sofort'],
    `\\b(?:ab (?:jetzt|sofort) (?:bist du|sind sie|wirst du|agierst du)|(?:du bist|sie sind) (?:jetzt|nun|ab sofort))\\b`),
  rule('de.extract.system_prompt', 'prompt_extraction', 0.85, 'de', ['prompt', 'anweisung', 'systemanweisung'],
    `\\b(?:zeig|zeige|zeigen sie|gib|geben sie|nenne|nennen sie|verrate|verraten sie|wiederhole|wiederholen sie|schreib|gib mir)(?: mir| uns)? (?:deinen|deine|den|die|ihre|ihren) (?:kompletten? |vollständigen? |ursprünglichen? |geheimen? )?(?:system ?-?prompt|systemanweisungen|anweisungen|ursprünglichen anweisungen|prompt)\\b`),
  rule('de.jailbreak.no_limits', 'jailbreak', 0.6, 'de', ['ohne', 'keine', 'einschränkung', 'zensur'],
    `\\b(?:ohne|keine|frei von) (?:jegliche |irgendwelche |alle )?(?:einschränkungen|zensur|regeln|filter|richtlinien|ethischen grenzen|moralischen grenzen)\\b`),

  // ── Other languages: the most common override phrasings ────────────────────────────────────────
  rule('intl.override.forget_instructions', 'prompt_injection', 0.8, 'any', ['olvid', 'ignora', 'oubli', 'ignorez', 'забуд', 'игнор', 'zaboravi', 'ignoriši', 'dimentica', 'esqueça', 'esqueca', 'vergeet', 'negeer'],
    `(?:\\b(?:olvida|olvide|olvidad|ignora|ignorez|oubliez|oublie|dimentica|dimenticate|esqueça|esqueca|zaboravi|ignoriši|ignoriraj|vergeet|negeer)|(?:забудь|забудьте|игнорируй|игнорируйте))\\s+(?:\\S+\\s+){0,2}(?:instrucciones|instructions|istruzioni|instruções|instrucoes|instrukcije|instructies|règles|reglas|regole|regras|pravila|инструкции|указания|правила)`),

  // Spanish and Portuguese formal imperatives look English ("ignore"): only with their own nouns.
  rule('intl.override.ignore_es_pt', 'prompt_injection', 0.8, 'any', ['ignore', 'ignoren'],
    `\\b(?:ignore|ignoren)\\s+(?:\\S+\\s+){0,2}(?:instrucciones|indicaciones|reglas|instruções|instrucoes|regras)`),
  // "Forget everything" without naming instructions. Not French `oublie tout` alone ("j'oublie tout" is
  // "I forget everything"); Cyrillic words end at a separator because `\b` only knows ASCII letters.
  rule('intl.override.forget_everything', 'prompt_injection', 0.7, 'any', ['olvid', 'oubli', 'dimentic', 'esque', 'zaboravi', 'vergeet', 'забуд'],
    `(?:\\b(?:olvida|olvide|olvidad|olvidar|oubliez|dimentica|dimenticate|esqueça|esqueca|esquece|zaboravi|vergeet)|(?:забудь|забудьте))\\s+(?:(?:\\S+\\s+)?(?:todo|tutto|tudo|sve|alles)\\b|(?:\\S+\\s+)?(?:всё|все)(?=[\\s.,!?;:]|$)|tout ce (?:que|qui))`),
  rule('de.override.dont_listen', 'prompt_injection', 0.75, 'de', ['höre', 'hör'],
    `\\b(?:höre|hör|hören sie) nicht (?:mehr )?auf (?:\\S+ ){0,2}(?:zuvor|vorher|bisher|oben|davor) (?:gesagte|gesagten|geschriebene|geschriebenen)`),

  // ── Japanese ────────────────────────────────────────────────────────────────────────────────────
  rule('ja.override.earlier', 'prompt_injection', 0.9, 'ja', ['無視', '忘れ', '破棄', '取り消'],
    `(?:以前|前|上記|これまで|今まで|先ほど|最初|元|上)の(?:すべての|全ての|全部の|あらゆる)?(?:指示|命令|指令|ルール|設定|プロンプト|制約|内容|指図)(?:を|は)(?:すべて|全て|全部)?(?:無視|忘れ|破棄|取り消)`),
  rule('ja.override.plain', 'prompt_injection', 0.65, 'ja', ['無視'],
    `(?:指示|命令|ルール|制約)(?:を|は)(?:すべて|全て)?無視(?:して|しろ|せよ|してください)`),
  rule('ja.extract.system_prompt', 'prompt_extraction', 0.85, 'ja', ['システムプロンプト', 'プロンプト', '指示'],
    `(?:システムプロンプト|初期プロンプト|元の指示|最初の指示|隠された指示)(?:を|は)?(?:すべて|全て|そのまま)?(?:表示|教え|出力|見せ|開示|公開|繰り返)`),
  rule('ja.jailbreak.no_limits', 'jailbreak', 0.6, 'ja', ['制限', 'ルール', '制約', '検閲', 'フィルター', '倫理'],
    `(?:制限|ルール|制約|検閲|フィルター|倫理)(?:の|が)?(?:ない|無い|なし|無し|を解除|から解放)`),
  rule('ja.jailbreak.mode', 'jailbreak', 0.75, 'ja', ['モード'],
    `(?:開発者|デベロッパー|管理者|ジェイルブレイク|脱獄|dan)モード`),

  // ── Chinese ─────────────────────────────────────────────────────────────────────────────────────
  rule('zh.override.earlier', 'prompt_injection', 0.9, 'zh', ['忽略', '无视', '無視', '忘记', '忘記', '忘掉', '理会', '理會', '放弃', '放棄', '跳过', '跳過'],
    `(?:忽略|无视|無視|忘记|忘記|忘掉|不要理会|不要理會|放弃|放棄|跳过|跳過)(?:掉)?(?:你)?(?:之前|以前|先前|上面|上述|前面|此前|所有|全部|以上|原来|原來|原先|前述)(?:的)?(?:所有|全部|一切)?(?:的)?(?:指令|指示|说明|說明|规则|規則|提示|命令|设定|設定|要求|约束|約束|内容|內容)`),
  rule('zh.override.yours', 'prompt_injection', 0.8, 'zh', ['忽略', '无视', '無視'],
    `(?:忽略|无视|無視)(?:你的|所有的?|一切)(?:指令|规则|規則|限制|指示|设定|設定)`),
  rule('zh.extract.system_prompt', 'prompt_extraction', 0.85, 'zh', ['系统', '系統', '初始', '原始', '隐藏', '隱藏'],
    `(?:显示|顯示|输出|輸出|告诉我|告訴我|打印|泄露|洩露|透露|重复|重複|给我看|給我看|说出|說出)(?:你的|您的)?(?:系统|系統|初始|原始|隐藏|隱藏)(?:提示词|提示詞|提示|指令|消息|訊息|设定|設定)`),
  rule('zh.jailbreak.mode', 'jailbreak', 0.75, 'zh', ['模式'],
    `(?:开发者|開發者|管理员|管理員|越狱|越獄|上帝|无限制|無限制|dan)模式`),
  rule('zh.jailbreak.no_limits', 'jailbreak', 0.7, 'zh', ['限制', '约束', '約束', '规则', '規則', '道德', '伦理', '倫理', '审查', '審查'],
    `(?:没有|沒有|不受|无|無)(?:任何)?(?:限制|约束|約束|规则|規則|道德|伦理|倫理|审查|審查)(?:的)?(?:ai|人工智能|助手|模型|回答|机器人|機器人)`),
  rule('zh.override.from_now', 'prompt_injection', 0.35, 'zh', ['从现在开始', '從現在開始'],
    `(?:从现在开始|從現在開始)(?:，|,)?(?:你|您)`),
];
