/**
 * Masking: turns the spans of findings whose policy action is `mask` into text edits, and applies them.
 * Overlapping spans merge so a character is never masked twice.
 */
import type { Finding, Segment, Span, Subject, TextEdit } from './types';

/** Builds the replacement for a span; the default redacts with the span's type as a label. */
export type MaskFunction = (span: Span, original: string) => string;

export const redactLabel: MaskFunction = (span) => `[${(span.type ?? 'REDACTED').toUpperCase()}]`;

/** Edits for the spans of `findings`, merged per segment and sorted. */
export function maskEdits(subject: Subject, findings: readonly Finding[], mask: MaskFunction = redactLabel): TextEdit[] {
  const bySegment = new Map<number, Span[]>();
  for (const f of findings) {
    for (const span of f.spans ?? []) {
      const text = subject.segments[span.segment]?.text;
      if (text === undefined || span.end <= span.start || span.start < 0 || span.end > text.length) continue;
      const list = bySegment.get(span.segment) ?? [];
      list.push(span.type === undefined ? { ...span, type: f.category } : span);
      bySegment.set(span.segment, list);
    }
  }
  const edits: TextEdit[] = [];
  for (const [segment, spans] of [...bySegment.entries()].sort((a, b) => a[0] - b[0])) {
    spans.sort((a, b) => a.start - b.start || b.end - a.end);
    const text = subject.segments[segment]?.text ?? '';
    let current: Span | undefined;
    const flush = (): void => {
      if (current) edits.push({ segment, start: current.start, end: current.end, replacement: mask(current, text.slice(current.start, current.end)) });
    };
    for (const span of spans) {
      if (current && span.start < current.end) {
        if (span.end > current.end) current = { ...current, end: span.end };
        continue;
      }
      flush();
      current = span;
    }
    flush();
  }
  return edits;
}

/** Applies sorted, non-overlapping edits to one text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let cursor = 0;
  for (const e of edits) {
    out += text.slice(cursor, e.start) + e.replacement;
    cursor = e.end;
  }
  return out + text.slice(cursor);
}

/** The subject with every edit applied. */
export function applyToSubject(subject: Subject, edits: readonly TextEdit[]): Subject {
  if (edits.length === 0) return subject;
  const segments: Segment[] = subject.segments.map((seg, i) => {
    const mine = edits.filter((e) => e.segment === i);
    return mine.length === 0 ? seg : { ...seg, text: applyEdits(seg.text, mine) };
  });
  return { ...subject, segments };
}
