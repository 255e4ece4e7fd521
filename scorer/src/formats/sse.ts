/**
 * Server-sent-event streams (OpenAI Chat and Responses, Anthropic, Gemini `alt=sse`): split into events,
 * the deltas joined into one segment per choice or content block, and re-rendered event by event with
 * masked text, so a masked item split across two deltas stays masked and the events stay in order.
 */
import { SubjectBuilder } from './builder';
import { walkLeaves } from './requests';
import type { FormatId } from './types';

type Json = unknown;
type Obj = Record<string, Json>;
const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One event of a stream. */
export interface SseEvent {
  /** The event block as received, without its trailing blank line. */
  readonly raw: string;
  readonly event?: string;
  /** The joined `data:` lines; undefined when the block has none (comments, keep-alives). */
  readonly data?: string;
  /** `data` parsed as JSON, when it is JSON. */
  readonly json?: Json;
}

/** A parsed stream: the events and the separators between them, so rendering keeps the framing. */
export interface SseStream {
  readonly events: SseEvent[];
  /** `separators[i]` follows `events[i]` (the last may be empty: an unterminated final event). */
  readonly separators: string[];
}

/** Heuristic: the body starts like an event stream. */
export function looksLikeSse(text: string): boolean {
  return /^\uFEFF?(?:[ \t]*(?::[^\n]*|event:[^\n]*|id:[^\n]*|retry:[^\n]*)\r?\n)*[ \t]*data:/.test(text);
}

/** Splits a stream into events. */
export function parseSse(text: string): SseStream {
  const pieces = text.split(/(\r?\n\r?\n)/);
  const events: SseEvent[] = [];
  const separators: string[] = [];
  for (let i = 0; i < pieces.length; i += 2) {
    const block = pieces[i] as string;
    const sep = pieces[i + 1] ?? '';
    if (block.length === 0 && sep.length === 0) continue;
    events.push(parseEvent(block));
    separators.push(sep);
  }
  return { events, separators };
}

function parseEvent(block: string): SseEvent {
  let event: string | undefined;
  const data: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return { raw: block, ...(event !== undefined ? { event } : {}) };
  const joined = data.join('\n');
  let json: Json;
  const trimmed = joined.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      json = JSON.parse(trimmed);
    } catch {
      json = undefined;
    }
  }
  return { raw: block, ...(event !== undefined ? { event } : {}), data: joined, ...(json !== undefined ? { json } : {}) };
}

/** Rebuilds one event block with new data (other fields and comments kept). */
export function renderEvent(ev: SseEvent, data: string): string {
  const out: string[] = [];
  let dataWritten = false;
  for (const line of ev.raw.split(/\r?\n/)) {
    if (/^data(?::|$)/.test(line)) {
      if (!dataWritten) for (const d of data.split('\n')) out.push(`data: ${d}`);
      dataWritten = true;
    } else out.push(line);
  }
  return out.join('\n');
}

/** Which API a stream comes from, judged by its first JSON event. */
export function detectStreamFormat(events: readonly SseEvent[]): FormatId {
  for (const ev of events) {
    const j = ev.json;
    if (!isObj(j)) continue;
    if (Array.isArray(j.choices)) return j.choices.some((c) => isObj(c) && typeof c.text === 'string') ? 'openai.completions' : 'openai.chat';
    if (typeof j.type === 'string' && j.type.startsWith('response.')) return 'openai.responses';
    if (typeof j.type === 'string' && /^(message_start|content_block_|message_delta|message_stop|ping)/.test(j.type)) return 'anthropic.messages';
    if (Array.isArray(j.candidates)) return 'gemini.generate';
    return 'json';
  }
  return 'text';
}

/** Walks every event of a stream of `format` into `b` (document index = event index). */
export function walkStream(format: FormatId, events: readonly SseEvent[], b: SubjectBuilder): void {
  events.forEach((ev, doc) => walkStreamEvent(format, ev, doc, b));
}

/** Walks one event (document `doc`) into `b`; incremental scanners call it as events arrive. */
export function walkStreamEvent(format: FormatId, ev: SseEvent, doc: number, b: SubjectBuilder): void {
  if (ev.data === undefined) return;
  const j = ev.json;
  if (j === undefined) {
    if (ev.data.trim() !== '[DONE]') b.appendRaw('raw', 'assistant', ev.data, doc, 'stream');
    return;
  }
  if (!isObj(j)) return walkLeaves(j, [], 'assistant', b, doc);
  switch (format) {
    case 'openai.chat':
    case 'openai.completions':
      return openAiChunk(j, doc, b);
    case 'openai.responses':
      return responsesEvent(j, doc, b);
    case 'anthropic.messages':
      return anthropicEvent(j, doc, b);
    case 'gemini.generate':
      return geminiChunk(j, doc, b);
    default:
      return walkLeaves(j, [], 'assistant', b, doc);
  }
}

function openAiChunk(j: Obj, doc: number, b: SubjectBuilder): void {
  if (!Array.isArray(j.choices)) return;
  j.choices.forEach((c, pos) => {
    if (!isObj(c)) return;
    const idx = typeof c.index === 'number' ? c.index : pos;
    b.append(`c${idx}`, 'assistant', c.text, doc, ['choices', pos, 'text'], `choices[${idx}]`);
    const d = c.delta;
    if (!isObj(d)) return;
    b.append(`c${idx}`, 'assistant', d.content, doc, ['choices', pos, 'delta', 'content'], `choices[${idx}]`);
    b.append(`c${idx}r`, 'assistant', d.refusal, doc, ['choices', pos, 'delta', 'refusal'], `choices[${idx}].refusal`);
    if (Array.isArray(d.tool_calls)) {
      d.tool_calls.forEach((tc, k) => {
        if (!isObj(tc)) return;
        const f = isObj(tc.function) ? tc.function : {};
        b.streamToolCall(`c${idx}t${typeof tc.index === 'number' ? tc.index : k}`, { id: tc.id, name: f.name, args: f.arguments }, `choices[${idx}].tool_calls`);
      });
    }
  });
}

function responsesEvent(j: Obj, doc: number, b: SubjectBuilder): void {
  const key = `o${String(j.output_index)}c${String(j.content_index)}`;
  switch (j.type) {
    case 'response.output_text.delta':
      return b.append(key, 'assistant', j.delta, doc, ['delta'], `output[${String(j.output_index)}]`);
    case 'response.refusal.delta':
      return b.append(`${key}r`, 'assistant', j.delta, doc, ['delta'], `output[${String(j.output_index)}].refusal`);
    case 'response.output_text.done':
      return b.mirror(key, doc, ['text']);
    case 'response.content_part.done':
      if (isObj(j.part) && typeof j.part.text === 'string') b.mirror(key, doc, ['part', 'text']);
      return;
    case 'response.output_item.added':
      if (isObj(j.item) && j.item.type === 'function_call') b.streamToolCall(`f${String(j.output_index)}`, { id: j.item.call_id, name: j.item.name }, `output[${String(j.output_index)}]`);
      return;
    case 'response.function_call_arguments.delta':
      return b.streamToolCall(`f${String(j.output_index)}`, { args: j.delta }, `output[${String(j.output_index)}]`);
    case 'response.output_item.done':
      if (isObj(j.item) && Array.isArray(j.item.content)) {
        j.item.content.forEach((part, c) => {
          if (isObj(part) && typeof part.text === 'string') b.mirror(`o${String(j.output_index)}c${c}`, doc, ['item', 'content', c, 'text']);
        });
      }
      return;
    case 'response.completed':
    case 'response.incomplete':
    case 'response.failed':
      if (isObj(j.response) && Array.isArray(j.response.output)) {
        j.response.output.forEach((item, o) => {
          if (!isObj(item) || !Array.isArray(item.content)) return;
          item.content.forEach((part, c) => {
            if (isObj(part) && typeof part.text === 'string') b.mirror(`o${o}c${c}`, doc, ['response', 'output', o, 'content', c, 'text']);
          });
        });
      }
      return;
    default:
      return;
  }
}

function anthropicEvent(j: Obj, doc: number, b: SubjectBuilder): void {
  const key = `b${String(j.index)}`;
  if (j.type === 'content_block_start' && isObj(j.content_block)) {
    const cb = j.content_block;
    if (cb.type === 'text') b.append(key, 'assistant', cb.text, doc, ['content_block', 'text'], `content[${String(j.index)}]`);
    if (cb.type === 'tool_use') b.streamToolCall(key, { id: cb.id, name: cb.name }, `content[${String(j.index)}]`);
  } else if (j.type === 'content_block_delta' && isObj(j.delta)) {
    if (j.delta.type === 'text_delta') b.append(key, 'assistant', j.delta.text, doc, ['delta', 'text'], `content[${String(j.index)}]`);
    if (j.delta.type === 'input_json_delta') b.streamToolCall(key, { args: j.delta.partial_json }, `content[${String(j.index)}]`);
  }
}

function geminiChunk(j: Obj, doc: number, b: SubjectBuilder): void {
  if (!Array.isArray(j.candidates)) return;
  j.candidates.forEach((c, i) => {
    if (!isObj(c) || !isObj(c.content) || !Array.isArray(c.content.parts)) return;
    const idx = typeof c.index === 'number' ? c.index : i;
    c.content.parts.forEach((part, p) => {
      if (!isObj(part)) return;
      b.append(`g${idx}`, 'assistant', part.text, doc, ['candidates', i, 'content', 'parts', p, 'text'], `candidates[${idx}]`);
      const call = part.functionCall ?? part.function_call;
      if (isObj(call)) b.toolCall(call.name, call.args, `candidates[${idx}].parts[${p}]`);
    });
  });
}
