/**
 * Signals are facts the normaliser noticed while undoing obfuscation (an invisible character inside a
 * word, a mixed-script word, a decoded base64 token). They are not findings: the `obfuscation`
 * detector and the policy decide what they are worth.
 */

export type SignalKind =
  | 'invisible'
  | 'bidi_control'
  | 'tag_payload'
  | 'homoglyph'
  | 'spaced'
  | 'leet'
  | 'url_encoding'
  | 'html_entities'
  | 'base64'
  | 'hex'
  | 'rot13'
  | 'variation_payload';

/** One signal with its range in the ORIGINAL text. */
export interface Signal {
  kind: SignalKind;
  start: number;
  end: number;
  /** For invisible characters: they sit between two letters or digits, splitting a word. */
  inWord: boolean;
}
