/**
 * `npm run data:synth`: writes Aegis's own synthetic training rows (English and Korean attacks and hard
 * negatives) to `scorer/ml/data/aegis_synth_{en,ko}.jsonl`. Deterministic: the same seed gives the same
 * files, byte for byte. The files are committed; `npm run train` reads them like any other source.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EN_FAMILIES, EN_GRAMMAR } from './en';
import { KO_FAMILIES, KO_GRAMMAR } from './ko';
import { generate, type SynthRow } from './template';
import { SYNTH_DIR } from '../paths';

/** Seeds of the committed files. */
export const SYNTH_SEEDS = { en: 20_240_601, ko: 20_240_602 } as const;

/** The synthetic rows, in file order. */
export function synthRows(): { en: SynthRow[]; ko: SynthRow[] } {
  return {
    en: generate(EN_FAMILIES, EN_GRAMMAR, 'aegis_synth_en', 'en', SYNTH_SEEDS.en),
    ko: generate(KO_FAMILIES, KO_GRAMMAR, 'aegis_synth_ko', 'ko', SYNTH_SEEDS.ko),
  };
}

function toJsonl(rows: readonly SynthRow[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

if (require.main === module) {
  const { en, ko } = synthRows();
  writeFileSync(join(SYNTH_DIR, 'aegis_synth_en.jsonl'), toJsonl(en));
  writeFileSync(join(SYNTH_DIR, 'aegis_synth_ko.jsonl'), toJsonl(ko));
  const count = (rows: readonly SynthRow[]): Record<string, number> => {
    const c: Record<string, number> = {};
    for (const r of rows) c[r.family] = (c[r.family] ?? 0) + 1;
    return c;
  };
  process.stdout.write(`${JSON.stringify({ en: count(en), ko: count(ko) }, null, 2)}\n`);
}
