/**
 * The `aegis_docs_{en,ko}` grammars as bare documents for the rag model: the carriers alone (benign),
 * and the indirect-injection templates without the user's task line, with the range of the hidden
 * instruction known (the rag trainer labels the sentence that starts it). The JSON Lines files cannot
 * serve directly: their rows are user messages (task, the user's own formatting wishes, the document)
 * and do not mark where an injected instruction is.
 *
 * The instruction's slots are wrapped in two control characters while expanding; their positions in
 * the finished text give the range, then they are removed. Deterministic (own seeds).
 */
import type { BipiaDoc } from '../../../bench/rag-data';
import { EN_ATTACK_FAMILIES, EN_ATTACK_GRAMMAR } from './en-attack';
import { EN_BENIGN_FAMILIES, EN_BENIGN_GRAMMAR } from './en-benign';
import { KO_ATTACK_FAMILIES, KO_ATTACK_GRAMMAR } from './ko-attack';
import { KO_BENIGN_FAMILIES, KO_BENIGN_GRAMMAR } from './ko-benign';
import { generate, type Family, type Grammar } from './template';

const OPEN = '\u0001';
const CLOSE = '\u0002';
/** Slots that hold the instruction to the AI (`hide` and the templates' literals build on them). */
const INSTRUCTION_SLOTS = ['to_ai', 'hijack', 'hijack_imperative', 'resp_mod'];

/** One language's grammars and the families whose carriers and attacks `aegis_docs_*` uses. */
interface DocLanguage {
  readonly lang: 'en' | 'ko';
  readonly benign: { readonly grammar: Grammar; readonly family: Family };
  readonly attack: { readonly grammar: Grammar; readonly family: Family };
  readonly seed: number;
}

function family(list: readonly Family[], name: string): Family {
  const f = list.find((x) => x.name === name);
  if (!f) throw new Error(`unknown family ${name}`);
  return f;
}

/** Counts as in the `aegis_docs_*` files: attacks as generated there, benign = summary + paste rows. */
const LANGUAGES: readonly DocLanguage[] = [
  {
    lang: 'en',
    benign: { grammar: EN_BENIGN_GRAMMAR, family: { ...family(EN_BENIGN_FAMILIES, 'en.work.paste'), count: 1600 } },
    attack: { grammar: EN_ATTACK_GRAMMAR, family: family(EN_ATTACK_FAMILIES, 'en.atk.indirect') },
    seed: 20_270_101,
  },
  {
    lang: 'ko',
    benign: { grammar: KO_BENIGN_GRAMMAR, family: { ...family(KO_BENIGN_FAMILIES, 'ko.work.paste'), count: 1200 } },
    attack: { grammar: KO_ATTACK_GRAMMAR, family: family(KO_ATTACK_FAMILIES, 'ko.atk.indirect') },
    seed: 20_270_102,
  },
];

/** The grammar with every instruction alternative wrapped (surrounding spaces stay outside). */
function marked(grammar: Grammar): Grammar {
  const out: Record<string, readonly string[]> = { ...grammar };
  for (const slot of INSTRUCTION_SLOTS) {
    const alts = grammar[slot];
    if (alts) out[slot] = alts.map((a) => a.replace(/^(\s*)([\s\S]*?)(\s*)$/, `$1${OPEN}$2${CLOSE}$3`));
  }
  return out;
}

/** A template without the user's task (`{doc_task}` and the line break or space after it). */
function documentOnly(template: string): string {
  return template.replace(/\{doc_task\}[\n ]*/g, '');
}

/** Removes the markers; the range runs from the first opening to the last closing one. */
export function unmark(text: string): { text: string; attack?: [number, number] } {
  const first = text.indexOf(OPEN);
  const last = text.lastIndexOf(CLOSE);
  const clean = text.replace(/[\u0001\u0002]/g, '');
  if (first < 0 || last < 0) return { text: clean };
  const markersBefore = (end: number): number => (text.slice(0, end).match(/[\u0001\u0002]/g) ?? []).length;
  return { text: clean, attack: [first - markersBefore(first), last - markersBefore(last)] };
}

/**
 * Benign carriers and documents with a hidden instruction, both languages. Attack templates whose
 * instruction slot came out empty (`{hide}` may be empty) give no row.
 */
export function syntheticDocuments(): BipiaDoc[] {
  const out: BipiaDoc[] = [];
  for (const l of LANGUAGES) {
    generate([l.benign.family], l.benign.grammar, `synth-${l.lang}`, l.lang, l.seed).forEach((r, i) => out.push({ text: r.text, label: 'benign', context: `synth-${l.lang}#${i}` }));
    const attack: Family = { ...l.attack.family, templates: l.attack.family.templates.map(documentOnly) };
    generate([attack], marked(l.attack.grammar), `synth-${l.lang}`, l.lang, l.seed + 1).forEach((r, i) => {
      const u = unmark(r.text);
      if (u.attack && u.attack[1] > u.attack[0]) out.push({ text: u.text, label: 'injection', category: `synth-${l.lang}`, context: `synth-${l.lang}-attack#${i}`, attack: u.attack });
    });
  }
  return out;
}
