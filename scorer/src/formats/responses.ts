/**
 * Response bodies (non-streamed JSON) of the same APIs → assistant segments and tool calls.
 */
import { SubjectBuilder } from './builder';
import { walkGeminiParts, walkLeaves } from './requests';
import type { FormatId } from './types';

type Json = unknown;
type Obj = Record<string, Json>;
const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const PLAIN_KEYS = ['message', 'response', 'output', 'text', 'answer', 'completion', 'content'] as const;

/** Which response format a parsed JSON body is. */
export function detectResponseFormat(body: Json): FormatId {
  if (!isObj(body)) return 'json';
  if (Array.isArray(body.choices)) {
    return body.choices.some((c) => isObj(c) && typeof c.text === 'string') ? 'openai.completions' : 'openai.chat';
  }
  if (body.object === 'response' || Array.isArray(body.output)) return 'openai.responses';
  if (body.type === 'message' && Array.isArray(body.content)) return 'anthropic.messages';
  if (Array.isArray(body.candidates)) return 'gemini.generate';
  if (PLAIN_KEYS.some((k) => typeof body[k] === 'string')) return 'plain';
  return 'json';
}

/** Walks a JSON response body of `format` (document `doc`) into `b`. */
export function walkResponse(format: FormatId, body: Json, b: SubjectBuilder, doc = 0): void {
  const o = body as Obj;
  switch (format) {
    case 'openai.chat':
    case 'openai.completions':
      (o.choices as Json[]).forEach((c, i) => {
        if (!isObj(c)) return;
        if (typeof c.text === 'string') b.add('assistant', c.text, doc, ['choices', i, 'text']);
        const m = c.message;
        if (!isObj(m)) return;
        b.add('assistant', m.content, doc, ['choices', i, 'message', 'content']);
        b.add('assistant', m.refusal, doc, ['choices', i, 'message', 'refusal']);
        if (Array.isArray(m.tool_calls)) {
          m.tool_calls.forEach((tc, k) => {
            if (isObj(tc) && isObj(tc.function)) b.toolCall(tc.function.name, tc.function.arguments, `choices[${i}].message.tool_calls[${k}]`, tc.id);
          });
        }
      });
      return;
    case 'openai.responses':
      walkResponsesOutput(o.output, ['output'], b, doc);
      return;
    case 'anthropic.messages':
      (o.content as Json[]).forEach((block, j) => {
        if (!isObj(block)) return;
        if (block.type === 'text') b.add('assistant', block.text, doc, ['content', j, 'text']);
        else if (block.type === 'tool_use') b.toolCall(block.name, block.input, `content[${j}]`, block.id);
      });
      return;
    case 'gemini.generate':
      (o.candidates as Json[]).forEach((c, i) => {
        if (isObj(c) && isObj(c.content) && Array.isArray(c.content.parts)) {
          walkGeminiParts(c.content.parts, ['candidates', i, 'content', 'parts'], 'assistant', b, doc);
        }
      });
      return;
    case 'plain':
      for (const k of PLAIN_KEYS) b.add('assistant', o[k], doc, [k]);
      return;
    default:
      walkLeaves(body, [], 'assistant', b, doc);
  }
}

/** The `output` array of an OpenAI Responses object (also inside a streamed `response.completed`). */
export function walkResponsesOutput(output: Json, path: readonly (string | number)[], b: SubjectBuilder, doc: number): void {
  if (!Array.isArray(output)) return;
  output.forEach((item, i) => {
    if (!isObj(item)) return;
    if (item.type === 'function_call') return b.toolCall(item.name, item.arguments, `output[${i}]`, item.call_id);
    if (!Array.isArray(item.content)) return;
    item.content.forEach((part, j) => {
      if (isObj(part) && (part.type === 'output_text' || part.type === 'text')) b.add('assistant', part.text, doc, [...path, i, 'content', j, 'text']);
      if (isObj(part) && part.type === 'refusal') b.add('assistant', part.refusal, doc, [...path, i, 'content', j, 'refusal']);
    });
  });
}
