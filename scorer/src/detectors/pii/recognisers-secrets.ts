/**
 * Credentials (type API_KEY, category `secret`): provider keys with fixed prefixes (OpenAI, Anthropic,
 * AWS, GitHub, Slack, Google), JWTs, PEM private keys, passwords inside URLs, and values assigned to
 * key/secret/password names. Each pattern only runs when its literal prefix is in the text.
 */
import { lowered } from './context';
import { eachMatch } from './matching';
import type { Recogniser } from './types';

interface SecretPattern {
  /** A literal (or cheap test) every match passes; the regex runs only when the text has it. */
  readonly needs: string | RegExp;
  readonly re: RegExp;
  readonly score: number;
  /** Which capture group is the secret (default: the whole match); its regex needs the `d` flag. */
  readonly group?: number;
  /** Test `needs` on the lowercase text (cheaper than a case-insensitive regex). */
  readonly lower?: boolean;
  /** Extra check on the match. */
  readonly check?: (m: RegExpExecArray, text: string) => boolean;
}

const END = '(?![A-Za-z0-9_-])';
const START = '(?<![A-Za-z0-9_-])';

const PATTERNS: readonly SecretPattern[] = [
  // Anthropic before OpenAI: both start with "sk-".
  { needs: 'sk-ant-', re: new RegExp(`${START}sk-ant-(?:api|admin|oat|sid)\\d{2}-[A-Za-z0-9_-]{32,}${END}`, 'g'), score: 0.99 },
  {
    needs: 'sk-',
    re: new RegExp(`${START}sk-(?!ant-)(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}${END}`, 'g'),
    score: 0.95,
    // Long enough and mixed like a key, not a slug such as sk-learn-tutorial-for-beginners.
    check: (m) => /\d/.test(m[0]) && /[A-Z]/.test(m[0]) && /[a-z]/.test(m[0].slice(3)),
  },
  { needs: 'A', re: /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA)[A-Z2-7]{16}(?![A-Z0-9])/g, score: 0.95 },
  {
    needs: /secret/i,
    re: /(?:aws_?secret_?access_?key|secret_?access_?key|aws_?secret)["'\s]*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/dgi,
    score: 0.95,
    group: 1,
  },
  { needs: 'gh', re: new RegExp(`${START}gh[pousr]_[A-Za-z0-9]{36,255}${END}`, 'g'), score: 0.97 },
  { needs: 'github_pat_', re: new RegExp(`${START}github_pat_[A-Za-z0-9_]{60,255}${END}`, 'g'), score: 0.97 },
  { needs: 'xox', re: new RegExp(`${START}xox[abposr]-[A-Za-z0-9-]{10,250}${END}`, 'g'), score: 0.95 },
  { needs: 'hooks.slack.com', re: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{16,}/g, score: 0.95 },
  { needs: 'AIza', re: new RegExp(`${START}AIza[0-9A-Za-z_-]{35}${END}`, 'g'), score: 0.95 },
  {
    needs: 'eyJ',
    re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}(?![A-Za-z0-9_-])/g,
    score: 0.92,
    check: (m) => jwtHeader(m[0]),
  },
  {
    needs: '-----BEGIN',
    re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY(?: BLOCK)?-----|$)/g,
    score: 0.99,
  },
  // user:password@host in any URL scheme; the span is the password only.
  { needs: '://', re: /:\/\/[^\s:/?#@]{1,64}:([^\s/?#@]{3,128})@[A-Za-z0-9.-]+/dg, score: 0.95, group: 1 },
  // password = "…", api_key: … (a value assigned to a credential-looking name).
  {
    needs: /pass|pwd|key|secret|token|비밀번호|패스워드|암호/,
    lower: true,
    re: /(?:api[_-]?key|apikey|secret[_-]?key|client[_-]?secret|access[_-]?token|auth[_-]?token|private[_-]?key|password|passwd|pwd|비밀번호|패스워드|암호)["']?\s*(?:[:=]|=>|는|은)\s*["']?([^\s"',;]{8,200})/dgi,
    score: 0.8,
    group: 1,
    check: (m, text) => (m.index === 0 || !/[A-Za-z0-9]/.test(text[m.index - 1] as string)) && assignedSecret(m[1] ?? ''),
  },
];

/** A JWT header decodes to JSON with an `alg`. */
function jwtHeader(token: string): boolean {
  try {
    const header = JSON.parse(Buffer.from(token.slice(0, token.indexOf('.')), 'base64url').toString('utf8')) as { alg?: unknown };
    return typeof header.alg === 'string';
  } catch {
    return false;
  }
}

/** Placeholders ("********", "<your-key>", "${API_KEY}", "xxxx") and prose are not secrets. */
function assignedSecret(value: string): boolean {
  if (/^[*x•.<{$[(]/i.test(value) || /^(?:null|none|true|false|undefined|required|optional|string|example|changeme|password)$/i.test(value)) return false;
  if (/^(.)\1+$/.test(value)) return false;
  // Something a person would choose or a machine would generate: a digit or symbol besides letters.
  return /[0-9!@#%^&*_+=~?-]/.test(value) && /[A-Za-z가-힣]/.test(value);
}

/** One cheap pass over the lowercase text: some literal of some pattern must be present. */
const HINT = /sk-|a[kscgnr][ipcsor]a|secret|gh[pousr]_|github_pat_|xox|hooks\.slack|aiza|eyj|-----begin|:\/\/|pass|pwd|key|token|비밀번호|패스워드|암호/;

export const secrets: Recogniser = {
  id: 'secrets',
  types: ['API_KEY'],
  applies: (i) => HINT.test(lowered(i.text)),
  scan({ text }, emit) {
    for (const p of PATTERNS) {
      if (typeof p.needs === 'string' ? !text.includes(p.needs) : !p.needs.test(p.lower ? lowered(text) : text)) continue;
      eachMatch(p.re, text, (m) => {
        if (p.check && !p.check(m, text)) return;
        let start = m.index;
        let end = start + m[0].length;
        if (p.group !== undefined) {
          const at = m.indices?.[p.group];
          if (at === undefined) return;
          [start, end] = at;
        }
        emit({ type: 'API_KEY', start, end, score: p.score });
      });
    }
  },
};
