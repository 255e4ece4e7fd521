/**
 * Links and images in model-facing text: markdown `![alt](url)` and `[text](url)`, reference-style
 * definitions, and HTML `<img src>` / `<a href>`. A rendered image is fetched without a click, so an
 * image whose URL carries data (a long query value, an encoded blob, a fill-in placeholder such as
 * `{conversation}`) is the classic exfiltration channel; used by the `rag` and `leak` detectors.
 */

/** One link or image found in a text. Offsets are JavaScript string indices of the whole construct. */
export interface LinkHit {
  readonly start: number;
  readonly end: number;
  readonly kind: 'image' | 'link';
  readonly url: string;
  /** Lower-case host, or '' when the URL does not parse or is relative. */
  readonly host: string;
  /** The URL has room for smuggled data: long or encoded query values, long opaque path parts. */
  readonly carriesData: boolean;
  /** The URL holds a fill-in slot (`{data}`, `[SECRET]`, `<chat>`, `$HISTORY`, `INSERT_…_HERE`). */
  readonly placeholder: boolean;
}

const MARKDOWN = /(!?)\[([^\]\n]{0,200})\]\(\s*<?([^)\s>]+)>?(?:\s+["'][^"'\n]{0,200}["'])?\s*\)/g;
const REFERENCE = /^[ \t]{0,3}\[([^\]\n]{1,100})\]:[ \t]*<?(\S+?)>?(?:[ \t]+["'(].*)?$/gm;
const HTML = /<(img|a|image|iframe|source)\b[^>]{0,500}?\b(src|href)\s*=\s*(["']?)([^"'\s>]+)\3[^>]{0,500}>/gi;
const PLACEHOLDER = /\{[^{}]{1,60}\}|\[[A-Z_ ]{3,40}\]|<[A-Za-z_ ]{3,40}>|\$[A-Z_]{3,}|\bINSERT_?[A-Z_]*|_HERE\b|%7B[^%]{1,60}%7D/;
const OPAQUE = /^[A-Za-z0-9+/_=.-]{32,}$/;

/** Every link and image in `text`, in order of position (duplicates at one position removed). */
export function findLinks(text: string): LinkHit[] {
  if (!mayHaveLinks(text)) return [];
  const out: LinkHit[] = [];
  let m: RegExpExecArray | null;
  MARKDOWN.lastIndex = 0;
  while ((m = MARKDOWN.exec(text)) !== null) out.push(hit(m.index, m.index + m[0].length, m[1] === '!' ? 'image' : 'link', m[3] as string));
  if (text.includes(']:')) {
    REFERENCE.lastIndex = 0;
    while ((m = REFERENCE.exec(text)) !== null) {
      // Reference definitions are used by images and links alike; treat them as images (worst case).
      if ((m[2] as string).includes('://')) out.push(hit(m.index, m.index + m[0].length, 'image', m[2] as string));
    }
  }
  if (text.includes('<')) {
    HTML.lastIndex = 0;
    while ((m = HTML.exec(text)) !== null) {
      const tag = (m[1] as string).toLowerCase();
      out.push(hit(m.index, m.index + m[0].length, tag === 'a' ? 'link' : 'image', decodeEntities(m[4] as string)));
    }
  }
  out.sort((a, b) => a.start - b.start);
  return out.filter((h, i) => i === 0 || (out[i - 1] as LinkHit).start !== h.start);
}

/** Cheap test before any regex: markdown link syntax or an HTML tag with a URL attribute. */
export function mayHaveLinks(text: string): boolean {
  return text.includes('](') || text.includes(']:') || (text.includes('<') && /<(?:img|a|image|iframe|source)\b/i.test(text));
}

function decodeEntities(s: string): string {
  return s.replace(/&amp;/g, '&').replace(/&#x?([0-9a-f]+);/gi, (_m, code: string) => String.fromCodePoint(parseInt(code, /^\d+$/.test(code) ? 10 : 16)));
}

function hit(start: number, end: number, kind: 'image' | 'link', url: string): LinkHit {
  let host = '';
  let carriesData = false;
  try {
    const u = new URL(url);
    if (u.protocol === 'http:' || u.protocol === 'https:') {
      host = u.hostname.toLowerCase();
      carriesData = urlCarriesData(u);
    }
  } catch {
    // relative or malformed: no host
  }
  return { start, end, kind, url, host, carriesData, placeholder: PLACEHOLDER.test(url) };
}

/** Long query values or opaque path segments: room for a conversation, a key or an encoded blob. */
export function urlCarriesData(u: URL): boolean {
  let queryChars = 0;
  for (const [key, value] of u.searchParams) {
    queryChars += key.length + value.length;
    if (value.length >= 24 || (value.length >= 12 && /\s|%20|\+/.test(value))) return true;
  }
  if (queryChars >= 48) return true;
  if (u.hash.length >= 32) return true;
  for (const part of u.pathname.split('/')) if (OPAQUE.test(part) && /\d/.test(part) && /[A-Za-z]/.test(part)) return true;
  return false;
}

/** True when `host` is `domain` or a subdomain of one of `allowed` (entries like `example.com`). */
export function hostAllowed(host: string, allowed: readonly string[]): boolean {
  if (host === '') return true;
  for (const raw of allowed) {
    const d = raw.toLowerCase().replace(/^\*\./, '').replace(/^\.+/, '');
    if (host === d || host.endsWith(`.${d}`)) return true;
  }
  return false;
}
