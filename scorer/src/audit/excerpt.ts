/**
 * The masked excerpt of an audit record. Raw personal data and secrets never reach the audit table:
 * the excerpt starts from the verdict's masked text, masks every span a detector reported as `pii` or
 * `secret` (even below the policy's threshold), and, as a last net for what no detector found, replaces
 * e-mail addresses, runs of six or more digits and long key-like tokens.
 */
import { applyEdits, maskEdits } from '../engine/mask';
import type { Finding, Span, Subject, TextEdit } from '../engine/types';
import type { DecisionResult } from '../service';

const SENSITIVE = new Set(['pii', 'secret']);
const SCRUB: ReadonlyArray<[RegExp, string]> = [
  [/[^\s@<>()[\]]+@[^\s@<>()[\]]+\.[A-Za-z]{2,}/g, '[EMAIL]'],
  [/(?=[A-Za-z0-9_+/=-]*\d)(?=[A-Za-z0-9_+/=-]*[A-Za-z])[A-Za-z0-9_+/=-]{24,}/g, '[TOKEN]'],
  [/\d(?:[\s.-]?\d){5,}/g, '[NUMBER]'],
];

/** Up to `max` characters of masked text around the first finding (or the start of the main segment). */
export function maskedExcerpt(result: DecisionResult, max: number): string {
  if (max <= 0) return '';
  const v = result.verdict;
  const subject: Subject = { direction: v.direction, segments: result.parsed.segments, meta: { requestId: v.requestId } };
  if (subject.segments.length === 0) return '';
  const firstSpan = v.findings.flatMap((f) => f.spans ?? [])[0];
  const segment = firstSpan?.segment ?? mainSegment(subject);
  const text = subject.segments[segment]?.text ?? '';

  // Everything the policy masked plus every pii/secret span, merged (overlaps collapse).
  const masked: Finding[] = v.findings.filter((f) => SENSITIVE.has(f.category));
  if (v.edits && v.edits.length > 0) {
    masked.push({ detector: 'policy-mask', category: 'pii', score: 1, spans: v.edits.map((e) => ({ segment: e.segment, start: e.start, end: e.end, type: label(e) })) });
  }
  const edits = maskEdits(subject, masked).filter((e) => e.segment === segment);
  const maskedText = applyEdits(text, edits);

  // Open the window a little before the first finding so its context shows.
  const anchor = firstSpan && firstSpan.segment === segment ? shift(firstSpan.start, edits) : 0;
  const start = Math.max(0, anchor - Math.floor(max / 4));
  let out = maskedText.slice(start, start + max);
  for (const [re, replacement] of SCRUB) out = out.replace(re, replacement);
  return (start > 0 ? '…' : '') + out + (start + max < maskedText.length ? '…' : '');
}

function mainSegment(s: Subject): number {
  const role = s.direction === 'request' ? 'user' : 'assistant';
  for (let i = s.segments.length - 1; i >= 0; i--) if (s.segments[i]?.role === role) return i;
  return s.segments.length - 1;
}

/** The label inside a `[TYPE]` replacement, so the excerpt shows the same mask as the body. */
function label(e: TextEdit): Span['type'] {
  const m = /^\[([^\]]+)\]$/.exec(e.replacement);
  return m ? m[1] : 'REDACTED';
}

/** Where original offset `pos` lands after `edits` (sorted, non-overlapping) are applied. */
function shift(pos: number, edits: readonly TextEdit[]): number {
  let delta = 0;
  for (const e of edits) {
    if (e.end > pos) break;
    delta += e.replacement.length - (e.end - e.start);
  }
  return Math.max(0, pos + delta);
}
