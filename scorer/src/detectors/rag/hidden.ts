/**
 * Hidden text in retrieved documents: what a person viewing the page never sees but a model reading the
 * source does. HTML comments, elements hidden by CSS (`display:none`, `visibility:hidden`, zero font
 * size or opacity, white or background-coloured text, off-screen positioning, zero-size clipping), the
 * `hidden` attribute, `<font color=white>`, and markdown comments (`[//]: # (…)`). HTML is parsed with
 * htmlparser2, which reports source offsets; invisible and tag characters come from the normaliser.
 */
import { Parser } from 'htmlparser2';

/** One stretch of hidden text; offsets are JavaScript string indices of the original text. */
export interface HiddenSpan {
  readonly start: number;
  readonly end: number;
  readonly technique: HiddenTechnique;
}

export type HiddenTechnique = 'html_comment' | 'css_hidden' | 'white_text' | 'hidden_attribute' | 'markdown_comment';

const WHITE = /^(?:white|#fff(?:fff)?|rgba?\(\s*255\s*,\s*255\s*,\s*255\s*(?:,\s*[\d.]+\s*)?\)|hsl\(\s*0\s*,\s*0%\s*,\s*100%\s*\))$/i;
const MARKDOWN_COMMENT = /^[ \t]*\[(?:\/\/|comment|\s*)\]:\s*(?:#|<>)\s*(?:\(([^)\n]*)\)|"([^"\n]*)")[ \t]*$/gm;
const MAY_HIDE = /<!--|<[a-z][^>]{0,300}\b(?:style|hidden|color)\b/i;

/** Hidden stretches of `text`, sorted by start. Cheap when the text has no markup. */
export function findHidden(text: string): HiddenSpan[] {
  const out: HiddenSpan[] = [];
  if (text.includes('<') && MAY_HIDE.test(text)) htmlHidden(text, out);
  if (text.includes(']:')) {
    MARKDOWN_COMMENT.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = MARKDOWN_COMMENT.exec(text)) !== null) {
      if ((m[1] ?? m[2] ?? '').trim().length > 0) out.push({ start: m.index, end: m.index + m[0].length, technique: 'markdown_comment' });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Why a style hides its element's text, or undefined. */
export function hidingStyle(style: string): HiddenTechnique | undefined {
  const decl = new Map<string, string>();
  for (const part of style.split(';')) {
    const colon = part.indexOf(':');
    if (colon < 0) continue;
    decl.set(part.slice(0, colon).trim().toLowerCase(), part.slice(colon + 1).replace(/!important/i, '').trim().toLowerCase());
  }
  const v = (k: string): string => decl.get(k) ?? '';
  if (v('display') === 'none' || v('visibility') === 'hidden' || v('visibility') === 'collapse') return 'css_hidden';
  if (/^0(?:\.0+)?(?:px|pt|em|rem|%)?$/.test(v('font-size')) || /^0(?:\.0+)?$/.test(v('opacity'))) return 'css_hidden';
  if (/^-\d{3,}/.test(v('left')) || /^-\d{3,}/.test(v('top')) || /^-\d{3,}/.test(v('text-indent')) || /^-\d{3,}/.test(v('margin-left'))) return 'css_hidden';
  if ((/^0(?:px)?$/.test(v('height')) || /^0(?:px)?$/.test(v('width'))) && v('overflow') === 'hidden') return 'css_hidden';
  if (/rect\(\s*0/.test(v('clip')) || /inset\(\s*(?:50|100)%/.test(v('clip-path'))) return 'css_hidden';
  const color = v('color');
  if (color !== '') {
    const bg = v('background-color') || v('background');
    if (bg !== '' ? bg === color : WHITE.test(color)) return 'white_text';
  }
  return undefined;
}

function htmlHidden(text: string, out: HiddenSpan[]): void {
  // Stack of open elements: whether each hides its content (inherited by children).
  const stack: Array<{ name: string; hides?: HiddenTechnique }> = [];
  let hiddenDepth = 0;
  let technique: HiddenTechnique | undefined;
  const parser: Parser = new Parser(
    {
      onopentag(name, attribs) {
        let hides: HiddenTechnique | undefined;
        if (attribs.hidden !== undefined) hides = 'hidden_attribute';
        else if (attribs.style !== undefined) hides = hidingStyle(attribs.style);
        if (hides === undefined && name === 'font' && attribs.color !== undefined && WHITE.test(attribs.color.trim())) hides = 'white_text';
        stack.push({ name, ...(hides ? { hides } : {}) });
        if (hides) {
          if (hiddenDepth === 0) technique = hides;
          hiddenDepth++;
        }
      },
      onclosetag(name) {
        // Pop to the matching element (htmlparser2 closes implied elements itself).
        for (let i = stack.length - 1; i >= 0; i--) {
          if ((stack[i] as { name: string }).name !== name) continue;
          for (const el of stack.splice(i)) if (el.hides) hiddenDepth--;
          break;
        }
      },
      ontext() {
        if (hiddenDepth > 0 && technique) {
          const start = parser.startIndex;
          const end = parser.endIndex + 1;
          if (text.slice(start, end).trim().length > 0) out.push({ start, end, technique });
        }
      },
      oncomment(data) {
        if (data.trim().length > 0) out.push({ start: parser.startIndex, end: parser.endIndex + 1, technique: 'html_comment' });
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(text);
  parser.end();
}
