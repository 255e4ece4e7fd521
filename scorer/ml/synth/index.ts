/**
 * `npm run data:synth`: writes Aegis's own synthetic training rows to `scorer/ml/data/`:
 *
 * - `aegis_synth_{en,ko}`: the first set — textbook attacks and hard negatives (`en.ts`, `ko.ts`);
 * - `aegis_docs_{en,ko}`: documents to summarise, translate or answer from — as they are, with
 *   imperatives meant for people, or with an instruction to the AI hidden inside;
 * - `aegis_chat_{en,ko}`: everyday work requests (writing, code, data, HR, finance, public services),
 *   harmless trigger words, questions about AI security — and overrides, extraction, fake system
 *   blocks and tool abuse riding on the same kind of requests;
 * - `aegis_roleplay_{en,ko}`: benign role-play ("act as a tutor / a Linux terminal") and persona,
 *   fiction and "developer mode" jailbreaks;
 * - `aegis_persona_en`: long persona specifications in fluent prose, and jailbreaks in the same prose.
 *
 * Benign and attack rows of one genre share their carriers and live in one file (one source): a
 * carrier's words then never tell the classes apart, and leave-one-source-out holds a whole genre out.
 * Grammars: `en-docs.ts`/`ko-docs.ts` (carriers), `*-benign.ts`, `*-attack.ts`. Deterministic: the same
 * seeds give the same files, byte for byte. The files are committed; `npm run train` reads them like
 * any other source.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EN_FAMILIES, EN_GRAMMAR } from './en';
import { EN_ATTACK_FAMILIES, EN_ATTACK_GRAMMAR } from './en-attack';
import { EN_BENIGN_FAMILIES, EN_BENIGN_GRAMMAR } from './en-benign';
import { EN_PERSONA_FAMILIES, EN_PERSONA_GRAMMAR } from './en-persona';
import { KO_FAMILIES, KO_GRAMMAR } from './ko';
import { KO_ATTACK_FAMILIES, KO_ATTACK_GRAMMAR } from './ko-attack';
import { KO_BENIGN_FAMILIES, KO_BENIGN_GRAMMAR } from './ko-benign';
import { generate, type Family, type Grammar, type SynthRow } from './template';
import { SYNTH_DIR } from '../paths';

/** Families expanded with one grammar. */
interface Part {
  readonly grammar: Grammar;
  readonly families: readonly Family[];
}

interface SynthFile {
  readonly source: string;
  readonly lang: string;
  readonly parts: readonly Part[];
  readonly seed: number;
}

function only(families: readonly Family[], names: readonly string[]): Family[] {
  const out = families.filter((f) => names.includes(f.name));
  if (out.length !== names.length) throw new Error(`unknown family among ${names.join(', ')}`);
  return out;
}

const EN_B = (names: string[]): Part => ({ grammar: EN_BENIGN_GRAMMAR, families: only(EN_BENIGN_FAMILIES, names) });
const EN_A = (names: string[]): Part => ({ grammar: EN_ATTACK_GRAMMAR, families: only(EN_ATTACK_FAMILIES, names) });
const KO_B = (names: string[]): Part => ({ grammar: KO_BENIGN_GRAMMAR, families: only(KO_BENIGN_FAMILIES, names) });
const KO_A = (names: string[]): Part => ({ grammar: KO_ATTACK_GRAMMAR, families: only(KO_ATTACK_FAMILIES, names) });

/** The synthetic files and their seeds. */
export const SYNTH_FILES: readonly SynthFile[] = [
  { source: 'aegis_synth_en', lang: 'en', parts: [{ grammar: EN_GRAMMAR, families: EN_FAMILIES }], seed: 20_240_601 },
  { source: 'aegis_synth_ko', lang: 'ko', parts: [{ grammar: KO_GRAMMAR, families: KO_FAMILIES }], seed: 20_240_602 },
  {
    source: 'aegis_docs_en', lang: 'en', seed: 20_261_127,
    parts: [EN_B(['en.work.summary', 'en.work.paste', 'en.work.translate', 'en.work.email']), EN_A(['en.atk.indirect'])],
  },
  {
    source: 'aegis_chat_en', lang: 'en', seed: 20_261_128,
    parts: [EN_B(['en.work.writing', 'en.work.code', 'en.work.data', 'en.work.office', 'en.trigger', 'en.meta', 'en.chat']), EN_A(['en.atk.override', 'en.atk.extract', 'en.atk.tool', 'en.atk.delimiter'])],
  },
  { source: 'aegis_roleplay_en', lang: 'en', seed: 20_261_129, parts: [EN_B(['en.roleplay', 'en.roleplay.spec']), EN_A(['en.atk.jailbreak', 'en.atk.jailbreak.spec'])] },
  { source: 'aegis_persona_en', lang: 'en', seed: 20_261_201, parts: [{ grammar: EN_PERSONA_GRAMMAR, families: EN_PERSONA_FAMILIES }] },
  {
    source: 'aegis_docs_ko', lang: 'ko', seed: 20_261_130,
    parts: [KO_B(['ko.work.summary', 'ko.work.paste', 'ko.work.translate']), KO_A(['ko.atk.indirect'])],
  },
  {
    source: 'aegis_chat_ko', lang: 'ko', seed: 20_261_131,
    parts: [KO_B(['ko.work.writing', 'ko.work.code', 'ko.work.data', 'ko.work.office', 'ko.trigger', 'ko.meta', 'ko.chat']), KO_A(['ko.atk.override', 'ko.atk.extract', 'ko.atk.tool', 'ko.atk.delimiter'])],
  },
  { source: 'aegis_roleplay_ko', lang: 'ko', seed: 20_261_132, parts: [KO_B(['ko.roleplay', 'ko.roleplay.spec']), KO_A(['ko.atk.jailbreak', 'ko.atk.jailbreak.spec'])] },
];

/** The rows of every synthetic file, in file order. Each part has its own seed (file seed + part index). */
export function synthRows(): Map<string, SynthRow[]> {
  return new Map(
    SYNTH_FILES.map((f) => {
      const rows: SynthRow[] = [];
      f.parts.forEach((p, i) => {
        for (const r of generate(p.families, p.grammar, f.source, f.lang, f.seed + i)) rows.push(r);
      });
      return [f.source, rows];
    }),
  );
}

/** A file's JSON Lines text. */
export function toJsonl(rows: readonly SynthRow[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

if (require.main === module) {
  const summary: Record<string, Record<string, number>> = {};
  for (const [source, rows] of synthRows()) {
    writeFileSync(join(SYNTH_DIR, `${source}.jsonl`), toJsonl(rows));
    const c: Record<string, number> = {};
    for (const r of rows) c[r.family] = (c[r.family] ?? 0) + 1;
    summary[source] = c;
  }
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}
