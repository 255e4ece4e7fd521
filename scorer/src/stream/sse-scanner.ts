/**
 * Incremental scanning of a server-sent-event response stream, for gateways that must forward a stream
 * as it arrives (Envoy ext_proc STREAMED, later Core's own chat proxy).
 *
 * Chunks go in; complete SSE events come out, in order, masked where the policy masks. An event is
 * held back until every piece of text it carries lies at least `holdBackChars` before the end of its
 * segment's text so far (or the segment or stream has ended), so an item split across two events —
 * a phone number, an injection phrase — is seen whole before any part of it leaves. Each step
 * evaluates only a window of each segment (the held text plus `holdBackChars` of released context),
 * so a long stream costs linear time. Events nobody changed leave byte for byte as they came.
 */
import { randomUUID } from 'node:crypto';
import { applyEdits, applyToSubject } from '../engine/mask';
import type { Category, Finding, Subject, SubjectMeta, TextEdit, Verdict, VerdictAction } from '../engine/types';
import {
  detectStreamFormat,
  parseSse,
  partAfterEdits,
  renderStreamEvent,
  streamBody,
  SubjectBuilder,
  walkStreamEvent,
  type FormatId,
  type Location,
  type ParsedBody,
  type SseEvent,
} from '../formats';
import { sseErrorEvent } from './error-event';

/** How to scan one stream. */
export interface SseScannerOptions {
  readonly meta: SubjectMeta;
  /** Evaluates a subject (CoreService.evaluateSubject: policy by scope, deadline). */
  readonly evaluate: (subject: Subject) => Promise<Verdict>;
  /** Characters of text held back per segment; the longest item sure to be caught across events. */
  readonly holdBackChars: number;
  /** Longest unterminated event (characters) before the stream is refused. */
  readonly maxEventChars: number;
  /** The stream's API when known (from the request path); else detected from the first JSON event. */
  readonly format?: FormatId;
  /** Decision id for the whole stream (headers may announce it before the first byte is scanned). */
  readonly decisionId?: string;
}

/** What one `push` releases. */
export interface ScanStep {
  /** Complete events to forward now (may be empty). */
  readonly output: string;
  /** The stream was refused in this step: `output` is the error event; later input is swallowed. */
  readonly blocked: boolean;
}

interface EventLocation {
  readonly segment: number;
  readonly loc: Location;
}

const SEVERITY: Record<VerdictAction, number> = { allow: 0, mask: 1, block: 2 };
const SEPARATOR = /\r?\n\r?\n/g;

/** Scans one SSE stream. Calls to `push` must not overlap (await each one). */
export class SseStreamScanner {
  readonly decisionId: string;
  readonly #opts: SseScannerOptions;
  readonly #decoder = new TextDecoder('utf-8', { fatal: true });
  #tail = '';
  readonly #events: SseEvent[] = [];
  readonly #separators: string[] = [];
  readonly #eventLocations: EventLocation[][] = [];
  readonly #builder = new SubjectBuilder();
  readonly #locationsSeen: number[] = [];
  #format: FormatId | undefined;
  #released = 0;
  readonly #segmentReleased: number[] = [];
  readonly #closed = new Set<number>();
  readonly #frozen: TextEdit[][] = [];
  #current: TextEdit[][] = [];
  #blocked = false;
  #ended = false;
  /** Aggregate of every step's verdict (kept, not the verdicts: a long stream has many steps). */
  readonly #agg = {
    steps: 0,
    action: 'allow' as VerdictAction,
    intended: 'allow' as VerdictAction,
    risk: 0,
    dryRun: false,
    categories: new Set<Category>(),
    incomplete: new Set<string>(),
    elapsedUs: 0,
    policy: { id: 'unknown', version: 0 } as Verdict['policy'],
  };
  readonly #findings = new Map<string, Finding>();
  #refusal: { code: string; categories: readonly Category[] } | undefined;

  constructor(options: SseScannerOptions) {
    this.#opts = options;
    this.#format = options.format;
    this.decisionId = options.decisionId ?? randomUUID();
  }

  /** True once the stream was refused. */
  get blocked(): boolean {
    return this.#blocked;
  }

  /** Feeds the next chunk; `end` marks the last one (everything still held is released). */
  async push(chunk: Uint8Array | string, end: boolean): Promise<ScanStep> {
    if (this.#ended) throw new Error('push after the end of the stream');
    if (end) this.#ended = true;
    if (this.#blocked) return { output: '', blocked: false };
    let text: string;
    try {
      text = typeof chunk === 'string' ? chunk : this.#decoder.decode(chunk, { stream: !end });
      if (end && typeof chunk === 'string') text += this.#decoder.decode();
    } catch {
      return this.#refuse('AEGIS_ERR_INVALID_ENCODING', 'The response stream is not valid UTF-8.', []);
    }
    this.#tail += text;
    const cut = end ? this.#tail.length : lastSeparatorEnd(this.#tail);
    let added = false;
    if (cut > 0) {
      added = this.#addEvents(this.#tail.slice(0, cut));
      this.#tail = this.#tail.slice(cut);
    }
    if (this.#tail.length > this.#opts.maxEventChars) {
      return this.#refuse('AEGIS_ERR_BODY_TOO_LARGE', 'An event of the response stream is larger than allowed.', []);
    }
    if (added || (end && this.#agg.steps === 0)) {
      const verdict = await this.#evaluate();
      if (verdict.action === 'block') return this.#refuse('AEGIS_BLOCKED', 'The response was blocked by policy.', verdict.categories);
    }
    return { output: this.#release(end), blocked: false };
  }

  /** The decision over the whole stream so far, and the stream as a parsed body (for logs and audit). */
  summary(): { verdict: Verdict; parsed: ParsedBody } {
    const a = this.#agg;
    const edits = this.#frozen.flatMap((list) => list ?? []);
    const subject: Subject = { direction: 'response', segments: this.#builder.segments(), meta: this.#opts.meta };
    const action = this.#blocked ? 'block' : a.action;
    const verdict: Verdict = {
      decisionId: this.decisionId,
      requestId: this.#opts.meta.requestId,
      direction: 'response',
      action,
      intendedAction: this.#blocked ? 'block' : a.intended,
      risk: a.risk,
      dryRun: a.dryRun,
      categories: [...a.categories].sort(),
      findings: [...this.#findings.values()],
      ...(action === 'mask' && edits.length > 0 ? { masked: applyToSubject(subject, edits), edits } : {}),
      policy: a.policy,
      ...(a.incomplete.size > 0 ? { incomplete: [...a.incomplete] } : {}),
      elapsedUs: a.elapsedUs,
    };
    return { verdict, parsed: streamBody(this.#format ?? 'text', this.#events, this.#separators, this.#builder) };
  }

  /** Why the stream was refused, if it was. */
  get refusal(): { code: string; categories: readonly Category[] } | undefined {
    return this.#refusal;
  }

  #addEvents(text: string): boolean {
    const { events, separators } = parseSse(text);
    events.forEach((ev, k) => {
      const doc = this.#events.length;
      this.#events.push(ev);
      this.#separators.push(separators[k] ?? '');
      const j = ev.json;
      if (this.#format === undefined && typeof j === 'object' && j !== null && !Array.isArray(j)) this.#format = detectStreamFormat([ev]);
      walkStreamEvent(this.#format ?? 'json', ev, doc, this.#builder);
      this.#eventLocations.push(this.#newLocations());
    });
    return events.length > 0;
  }

  /** Locations the last walked event added (they all belong to it). */
  #newLocations(): EventLocation[] {
    const out: EventLocation[] = [];
    this.#builder.locations().forEach((locs, segment) => {
      for (let i = this.#locationsSeen[segment] ?? 0; i < locs.length; i++) {
        const loc = locs[i] as Location;
        out.push({ segment, loc });
        // A location repeating the whole text is a "done" event: the segment will not grow.
        if (loc.mode === 'full') this.#closed.add(segment);
      }
      this.#locationsSeen[segment] = locs.length;
    });
    return out;
  }

  async #evaluate(): Promise<Verdict> {
    const hold = this.#opts.holdBackChars;
    const segments = this.#builder.segments();
    const from = segments.map((s, i) => {
      const released = this.#segmentReleased[i] ?? 0;
      return this.#closed.has(i) && released >= s.text.length ? s.text.length : Math.max(0, released - hold);
    });
    const subject: Subject = {
      direction: 'response',
      segments: segments.map((s, i) => ({ ...s, text: s.text.slice(from[i]) })),
      meta: this.#opts.meta,
    };
    const v = await this.#opts.evaluate(subject);
    const a = this.#agg;
    a.steps++;
    if (SEVERITY[v.action] > SEVERITY[a.action]) a.action = v.action;
    if (SEVERITY[v.intendedAction] > SEVERITY[a.intended]) a.intended = v.intendedAction;
    a.risk = Math.max(a.risk, v.risk);
    a.dryRun ||= v.dryRun;
    for (const c of v.categories) a.categories.add(c);
    for (const d of v.incomplete ?? []) a.incomplete.add(d);
    a.elapsedUs += v.elapsedUs;
    a.policy = v.policy;
    for (const f of v.findings) {
      const spans = f.spans?.map((s) => ({ ...s, start: s.start + (from[s.segment] ?? 0), end: s.end + (from[s.segment] ?? 0) }));
      const shifted: Finding = spans ? { ...f, spans } : f;
      this.#findings.set(`${f.detector}|${f.category}|${JSON.stringify(spans ?? [])}`, shifted);
    }
    this.#current = [];
    if (v.action === 'mask') {
      for (const e of v.edits ?? []) {
        const list = (this.#current[e.segment] ??= []);
        list.push({ ...e, start: e.start + (from[e.segment] ?? 0), end: e.end + (from[e.segment] ?? 0) });
      }
    }
    return v;
  }

  /** Frozen edits (already applied to released text) plus the latest ones, clipped to unreleased text. */
  #combined(segment: number): TextEdit[] {
    const frozen = this.#frozen[segment] ?? [];
    const out = [...frozen];
    let floor = this.#segmentReleased[segment] ?? 0;
    for (const f of frozen) floor = Math.max(floor, f.end);
    for (const e of this.#current[segment] ?? []) {
      if (e.end <= floor) continue;
      if (e.start >= floor) {
        out.push(e);
      } else {
        // Its start already left (an item longer than the hold-back): mask the rest. The label went out
        // with the start only if a frozen edit covered it.
        const continues = frozen.some((f) => f.start < e.end && f.end >= e.start);
        out.push({ segment, start: floor, end: e.end, replacement: continues ? '' : e.replacement });
      }
      floor = e.end;
    }
    return out;
  }

  #release(end: boolean): string {
    const segments = this.#builder.segments();
    const hold = this.#opts.holdBackChars;
    const combined = new Map<number, TextEdit[]>();
    const editsOf = (segment: number): TextEdit[] => {
      let list = combined.get(segment);
      if (!list) {
        list = this.#combined(segment);
        combined.set(segment, list);
      }
      return list;
    };
    const stable = ({ segment, loc }: EventLocation): boolean =>
      loc.mode === 'full' || this.#closed.has(segment) || loc.end <= (segments[segment]?.text.length ?? 0) - hold;
    let out = '';
    while (this.#released < this.#events.length) {
      const i = this.#released;
      const locs = this.#eventLocations[i] ?? [];
      if (!end && !locs.every(stable)) break;
      out += this.#render(i, segments, editsOf) + (this.#separators[i] ?? '');
      for (const { segment, loc } of locs) {
        const upTo = loc.mode === 'full' ? (segments[segment]?.text.length ?? 0) : loc.end;
        if (upTo > (this.#segmentReleased[segment] ?? 0)) this.#segmentReleased[segment] = upTo;
      }
      this.#released++;
    }
    for (const [segment, list] of combined) {
      const released = this.#segmentReleased[segment] ?? 0;
      this.#frozen[segment] = list.filter((e) => e.start < released);
    }
    return out;
  }

  #render(i: number, segments: ReadonlyArray<{ text: string }>, editsOf: (segment: number) => TextEdit[]): string {
    const ev = this.#events[i] as SseEvent;
    const values: Array<{ loc: Location; value: string }> = [];
    for (const { segment, loc } of this.#eventLocations[i] ?? []) {
      const edits = editsOf(segment);
      if (edits.length === 0) continue;
      const text = segments[segment]?.text ?? '';
      const before = loc.mode === 'full' ? text : text.slice(loc.start, loc.end);
      const after = loc.mode === 'full' ? applyEdits(text, edits) : partAfterEdits(text, loc.start, loc.end, edits);
      if (after !== before) values.push({ loc, value: after });
    }
    return values.length === 0 ? ev.raw : renderStreamEvent(ev, values);
  }

  #refuse(code: string, message: string, categories: readonly Category[]): ScanStep {
    this.#blocked = true;
    this.#refusal = { code, categories };
    return { output: sseErrorEvent(this.#format, { error: message, code, requestId: this.#opts.meta.requestId, categories }), blocked: true };
  }
}

/** End of the last complete event in `text` (0 when none is complete). */
function lastSeparatorEnd(text: string): number {
  let end = 0;
  for (const m of text.matchAll(SEPARATOR)) end = (m.index ?? 0) + m[0].length;
  return end;
}
