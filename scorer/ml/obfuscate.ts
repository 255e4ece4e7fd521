/**
 * Obfuscated copies of attacks, for measuring evasion: the tricks the normaliser is meant to undo.
 * Seeded, so every run evaluates the same copies.
 */
import { rng } from './synth/template';

export type Obfuscation = 'zero_width' | 'homoglyph' | 'base64' | 'leet' | 'spacing';
export const OBFUSCATIONS: readonly Obfuscation[] = ['zero_width', 'homoglyph', 'base64', 'leet', 'spacing'];

const HOMOGLYPHS: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', y: 'у', i: 'і', s: 'ѕ', A: 'А', E: 'Е', O: 'О', P: 'Р', C: 'С', T: 'Т', H: 'Н', K: 'К', M: 'М', B: 'В' };
const LEET: Record<string, string> = { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7', A: '4', E: '3', I: '1', O: '0', S: '5', T: '7' };

/** Applies one obfuscation to a text. `seed` varies the random choices per row. */
export function obfuscate(text: string, kind: Obfuscation, seed: number): string {
  const rand = rng(seed);
  switch (kind) {
    case 'zero_width':
      // An invisible character after every letter of every word.
      return text.replace(/(\p{L})(?=\p{L})/gu, '$1\u200b');
    case 'homoglyph':
      return [...text].map((ch) => (HOMOGLYPHS[ch] !== undefined && rand() < 0.6 ? HOMOGLYPHS[ch] : ch)).join('');
    case 'base64':
      return Buffer.from(text, 'utf8').toString('base64');
    case 'leet':
      return text.replace(/\p{L}+/gu, (w) => [...w].map((ch) => (LEET[ch] !== undefined && rand() < 0.6 ? LEET[ch] : ch)).join(''));
    case 'spacing':
      // Letters of longer words spread out with spaces (`i g n o r e`), as attackers do to dodge keyword filters.
      return text.replace(/\p{L}{4,}/gu, (w) => [...w].join(' '));
  }
}
