/**
 * Bodies ⇄ subjects. `parseRequestBody` and `parseResponseBody` accept what the gateways see (bytes and
 * a content type) and return segments with roles plus a `render` that writes masked text back into the
 * same format: JSON stays JSON, a stream stays a stream with its events in order.
 */
import { AegisError } from '../errors';
import type { Role, TextEdit } from '../engine/types';
import { renderLocations, setAtPath, SubjectBuilder, type Location } from './builder';
import { detectRequestFormat, walkRequest } from './requests';
import { detectResponseFormat, walkResponse } from './responses';
import { detectStreamFormat, looksLikeSse, parseSse, renderEvent, walkStream, type SseEvent } from './sse';
import { insertSystem, SYSTEM_FORMATS } from './system-insert';
import type { FormatId, ParsedBody } from './types';

export type { FormatId, ParsedBody, RenderOptions } from './types';
export { FORMAT_IDS } from './types';
export { detectStreamFormat, looksLikeSse, parseSse, walkStreamEvent, type SseEvent } from './sse';
export { partAfterEdits, SubjectBuilder, type Location } from './builder';

/** How to read a body. */
export interface ParseOptions {
  /** The Content-Type header, if known. */
  readonly contentType?: string;
  /** Force a format instead of detecting it (gateways know the upstream path). */
  readonly format?: FormatId;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes → text; invalid UTF-8 is an error (a scanner must not guess what the model will see). */
export function decodeBody(body: string | Uint8Array): string {
  if (typeof body === 'string') return body;
  try {
    return UTF8.decode(body);
  } catch {
    throw new AegisError('AEGIS_ERR_INVALID_ENCODING');
  }
}

type Kind = 'json' | 'sse' | 'text';

function kindOf(text: string, contentType: string | undefined): Kind {
  const ct = (contentType ?? '').toLowerCase();
  if (ct.includes('text/event-stream')) return 'sse';
  if (ct.includes('json')) return 'json';
  if (ct.startsWith('text/')) return looksLikeSse(text) ? 'sse' : 'text';
  const t = text.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) return 'json';
  return looksLikeSse(text) ? 'sse' : 'text';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AegisError('AEGIS_ERR_INVALID_JSON', `The body is not valid JSON${jsonErrorPosition(err)}.`);
  }
}

/** Where JSON.parse failed (" at position 12"), without echoing any of the input. */
export function jsonErrorPosition(err: unknown): string {
  const m = /position (\d+)/.exec((err as Error).message ?? '');
  return m ? ` at position ${m[1]}` : '';
}

/** Parses an LLM API request body. */
export function parseRequestBody(body: string | Uint8Array, options: ParseOptions = {}): ParsedBody {
  const text = decodeBody(body);
  const kind = kindOf(text, options.contentType);
  if (kind === 'json') {
    const json = parseJson(text);
    const format = options.format ?? detectRequestFormat(json);
    const b = new SubjectBuilder();
    walkRequest(format, json, b);
    return jsonBody(format, json, b, SYSTEM_FORMATS.has(format));
  }
  return textBody(text, 'user');
}

/** Parses an LLM API response body: JSON, or an event stream. */
export function parseResponseBody(body: string | Uint8Array, options: ParseOptions = {}): ParsedBody {
  const text = decodeBody(body);
  const kind = kindOf(text, options.contentType);
  if (kind === 'json') {
    const json = parseJson(text);
    const format = options.format ?? detectResponseFormat(json);
    const b = new SubjectBuilder();
    walkResponse(format, json, b);
    return jsonBody(format, json, b);
  }
  if (kind === 'sse') {
    const stream = parseSse(text);
    const format = options.format ?? detectStreamFormat(stream.events);
    const b = new SubjectBuilder();
    walkStream(format, stream.events, b);
    return streamBody(format, stream.events, stream.separators, b);
  }
  return textBody(text, 'assistant');
}

function editsBySegment(edits: readonly TextEdit[]): Map<number, TextEdit[]> {
  const out = new Map<number, TextEdit[]>();
  for (const e of [...edits].sort((a, b) => a.segment - b.segment || a.start - b.start)) {
    const list = out.get(e.segment) ?? [];
    list.push(e);
    out.set(e.segment, list);
  }
  return out;
}

/** Applies edits through each segment's locations; `write` stores one location's new value. */
function applyThroughLocations(
  b: SubjectBuilder,
  edits: readonly TextEdit[],
  write: (loc: Location, value: string) => void,
): void {
  const segments = b.segments();
  const locations = b.locations();
  for (const [index, segEdits] of editsBySegment(edits)) {
    const seg = segments[index];
    const locs = locations[index];
    if (!seg || !locs) continue;
    for (const { loc, value } of renderLocations(seg.text, locs, segEdits)) write(loc, value);
  }
}

function jsonBody(format: FormatId, json: unknown, b: SubjectBuilder, canInsertSystem = false): ParsedBody {
  return {
    format,
    stream: false,
    segments: b.segments(),
    toolCalls: b.allToolCalls(),
    tools: b.tools,
    canInsertSystem,
    render(edits, options) {
      const insertion = canInsertSystem ? options?.insertSystem : undefined;
      if (edits.length === 0 && insertion === undefined) return JSON.stringify(json);
      const copy: unknown = structuredClone(json);
      let root = copy;
      applyThroughLocations(b, edits, (loc, value) => {
        if (loc.mode === 'raw') return;
        if (loc.path.length === 0) root = value;
        else setAtPath(root, loc.path, value);
      });
      if (insertion !== undefined) insertSystem(format, root, insertion);
      return JSON.stringify(root);
    },
  };
}

/** A stream body over already-walked events (the incremental scanner builds one when a stream ends). */
export function streamBody(format: FormatId, events: readonly SseEvent[], separators: readonly string[], b: SubjectBuilder): ParsedBody {
  return {
    format,
    stream: true,
    segments: b.segments(),
    toolCalls: b.allToolCalls(),
    tools: b.tools,
    canInsertSystem: false,
    render(edits) {
      const byDoc = new Map<number, Array<{ loc: Location; value: string }>>();
      applyThroughLocations(b, edits, (loc, value) => {
        const list = byDoc.get(loc.doc) ?? [];
        list.push({ loc, value });
        byDoc.set(loc.doc, list);
      });
      let out = '';
      events.forEach((ev, i) => {
        const values = byDoc.get(i);
        out += values ? renderStreamEvent(ev, values) : ev.raw;
        out += separators[i] ?? '';
      });
      return out;
    },
  };
}

/**
 * One event with new values written at its locations: JSON paths in its data, or its raw data. The
 * event's other fields and comments are kept.
 */
export function renderStreamEvent(ev: SseEvent, values: ReadonlyArray<{ loc: Location; value: string }>): string {
  let doc: unknown;
  let raw: string | undefined;
  for (const { loc, value } of values) {
    if (loc.mode === 'raw') {
      raw = value;
      continue;
    }
    doc ??= structuredClone(ev.json);
    if (loc.path.length > 0) setAtPath(doc, loc.path, value);
  }
  if (doc !== undefined) return renderEvent(ev, JSON.stringify(doc));
  if (raw !== undefined) return renderEvent(ev, raw);
  return ev.raw;
}

function textBody(text: string, role: Role): ParsedBody {
  const b = new SubjectBuilder();
  b.addRaw(role, text, 0, 'body');
  return {
    format: 'text',
    stream: false,
    segments: b.segments(),
    toolCalls: [],
    tools: [],
    canInsertSystem: false,
    render(edits) {
      let out = text;
      applyThroughLocations(b, edits, (_loc, value) => {
        out = value;
      });
      return out;
    },
  };
}
