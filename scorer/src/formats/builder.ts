/**
 * Collects segments, tool calls and tool definitions while a body is parsed, and remembers where each
 * segment's text lives in the body so masked text can be written back (render).
 */
import { applyEdits } from '../engine/mask';
import type { Role, Segment, TextEdit, ToolCall, ToolDefinition } from '../engine/types';

/** A JSON path: object keys and array indices. */
export type JsonPath = readonly (string | number)[];

/**
 * Where a segment's text sits. `doc` selects the JSON document (0 for a JSON body, the event index for
 * SSE). `part` locations hold `[start, end)` of the segment text (stream deltas); `full` locations
 * hold the whole text (a stream's final "done" event repeating it).
 */
export type Location =
  | { readonly doc: number; readonly path: JsonPath; readonly mode: 'part'; readonly start: number; readonly end: number }
  | { readonly doc: number; readonly path: JsonPath; readonly mode: 'full' }
  | { readonly doc: number; readonly mode: 'raw'; readonly start: number; readonly end: number };

interface Pending {
  role: Role;
  text: string;
  source: string;
  locations: Location[];
}

/** Accumulates a subject's pieces. */
export class SubjectBuilder {
  readonly #segments: Pending[] = [];
  readonly #byKey = new Map<string, Pending>();
  readonly toolCalls: ToolCall[] = [];
  readonly tools: ToolDefinition[] = [];
  readonly #callsByKey = new Map<string, { id?: string; name: string; arguments: string; source: string; precedingSegments: number }>();

  /** Adds a whole string found at `path` of document `doc`. Empty strings are skipped. */
  add(role: Role, text: unknown, doc: number, path: JsonPath): void {
    if (typeof text !== 'string' || text.length === 0) return;
    this.#segments.push({ role, text, source: pathString(path), locations: [{ doc, path, mode: 'full' }] });
  }

  /** Adds raw (non-JSON) text of document `doc`. */
  addRaw(role: Role, text: string, doc: number, source: string): void {
    if (text.length === 0) return;
    this.#segments.push({ role, text, source, locations: [{ doc, mode: 'raw', start: 0, end: text.length }] });
  }

  /** Appends a stream delta to the segment identified by `key` (created on first use). */
  append(key: string, role: Role, delta: unknown, doc: number, path: JsonPath, source: string): void {
    if (typeof delta !== 'string' || delta.length === 0) return;
    const seg = this.#segment(key, role, source);
    seg.locations.push({ doc, path, mode: 'part', start: seg.text.length, end: seg.text.length + delta.length });
    seg.text += delta;
  }

  /** Appends raw stream text (non-JSON SSE data) to the segment `key`. */
  appendRaw(key: string, role: Role, delta: string, doc: number, source: string): void {
    if (delta.length === 0) return;
    const seg = this.#segment(key, role, source);
    seg.locations.push({ doc, mode: 'raw', start: seg.text.length, end: seg.text.length + delta.length });
    seg.text += delta;
  }

  /** Records that `path` of `doc` repeats the whole text of segment `key` (written back in full). */
  mirror(key: string, doc: number, path: JsonPath): void {
    const seg = this.#byKey.get(key);
    if (seg) seg.locations.push({ doc, path, mode: 'full' });
  }

  #segment(key: string, role: Role, source: string): Pending {
    let seg = this.#byKey.get(key);
    if (!seg) {
      seg = { role, text: '', source, locations: [] };
      this.#byKey.set(key, seg);
      this.#segments.push(seg);
    }
    return seg;
  }

  /** Records a complete tool call. */
  toolCall(name: unknown, args: unknown, source: string, id?: unknown): void {
    if (typeof name !== 'string' || name.length === 0) return;
    const argText = typeof args === 'string' ? args : args === undefined ? '' : JSON.stringify(args);
    this.toolCalls.push({ name, arguments: argText, source, ...(typeof id === 'string' ? { id } : {}), precedingSegments: this.#segments.length });
  }

  /** Accumulates a streamed tool call: name and id may come first, arguments in pieces. */
  streamToolCall(key: string, part: { id?: unknown; name?: unknown; args?: unknown }, source: string): void {
    let call = this.#callsByKey.get(key);
    if (!call) {
      call = { name: '', arguments: '', source, precedingSegments: this.#segments.length };
      this.#callsByKey.set(key, call);
    }
    if (typeof part.id === 'string') call.id = part.id;
    if (typeof part.name === 'string') call.name += part.name;
    if (typeof part.args === 'string') call.arguments += part.args;
  }

  /** Records a declared tool. */
  tool(name: unknown, description: unknown, parameters: unknown): void {
    if (typeof name !== 'string' || name.length === 0) return;
    this.tools.push({
      name,
      ...(typeof description === 'string' ? { description } : {}),
      ...(parameters !== undefined ? { parameters } : {}),
    });
  }

  /** The segments, in the order they were first seen. */
  segments(): Segment[] {
    return this.#segments.map((s) => ({ role: s.role, text: s.text, source: s.source }));
  }

  /** All tool calls, streamed ones last. */
  allToolCalls(): ToolCall[] {
    const streamed = [...this.#callsByKey.values()]
      .filter((c) => c.name.length > 0)
      .map((c) => ({ name: c.name, arguments: c.arguments, source: c.source, ...(c.id ? { id: c.id } : {}), precedingSegments: c.precedingSegments }));
    return [...this.toolCalls, ...streamed];
  }

  /** Each segment's locations, parallel to `segments()`. */
  locations(): Location[][] {
    return this.#segments.map((s) => s.locations);
  }
}

/** Human-readable path for audit and debugging: `messages[2].content`. */
export function pathString(path: JsonPath): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out.length === 0 ? p : `.${p}`;
  return out;
}

/** Sets `value` at `path` inside `root` (which must already contain the path). */
export function setAtPath(root: unknown, path: JsonPath, value: string): void {
  let node = root as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) node = node[path[i] as string | number] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = value;
}

/** The text of `[start, end)` of `text` after `edits` (sorted, original coordinates). */
export function partAfterEdits(text: string, start: number, end: number, edits: readonly TextEdit[]): string {
  let out = '';
  let pos = start;
  for (const e of edits) {
    if (e.start >= end) break;
    if (e.end <= start && e.end > e.start) continue;
    if (e.start >= start) {
      out += text.slice(pos, e.start) + e.replacement;
    }
    // An edit that began in an earlier part already emitted its replacement there.
    pos = Math.min(Math.max(pos, e.end), end);
  }
  return out + text.slice(pos, end);
}

/** For each location of a segment, its new value after `edits`. */
export function renderLocations(text: string, locations: readonly Location[], edits: readonly TextEdit[]): Array<{ loc: Location; value: string }> {
  const full = applyEdits(text, edits);
  return locations.map((loc) => ({ loc, value: loc.mode === 'full' ? full : partAfterEdits(text, loc.start, loc.end, edits) }));
}
