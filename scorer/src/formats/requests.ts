/**
 * Request bodies of the LLM APIs Aegis fronts → segments with roles, tool calls and tool definitions.
 * OpenAI Chat Completions and Anthropic Messages share the `messages` shape and one walker; OpenAI
 * Responses, Gemini and the plain `{"message"}` / `{"prompt"}` shapes have their own; any other JSON
 * contributes every string leaf.
 */
import type { Role } from '../engine/types';
import { SubjectBuilder, type JsonPath } from './builder';
import type { FormatId } from './types';

type Json = unknown;
type Obj = Record<string, Json>;

const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Which request format a parsed JSON body is. */
export function detectRequestFormat(body: Json): FormatId {
  if (!isObj(body)) return 'json';
  if (Array.isArray(body.messages)) return looksAnthropic(body) ? 'anthropic.messages' : 'openai.chat';
  if (Array.isArray(body.contents)) return 'gemini.generate';
  if (typeof body.input === 'string' || Array.isArray(body.input) || typeof body.instructions === 'string') return 'openai.responses';
  if (typeof body.message === 'string' || typeof body.prompt === 'string' || Array.isArray(body.prompt)) return 'plain';
  return 'json';
}

function looksAnthropic(body: Obj): boolean {
  if (body.system !== undefined || body.anthropic_version !== undefined) return true;
  if (typeof body.model === 'string' && /^claude/i.test(body.model)) return true;
  for (const m of body.messages as Json[]) {
    if (!isObj(m) || !Array.isArray(m.content)) continue;
    for (const b of m.content) if (isObj(b) && (b.type === 'tool_use' || b.type === 'tool_result' || b.type === 'document')) return true;
  }
  return false;
}

/** Walks a request body of format `format` into `b`. */
export function walkRequest(format: FormatId, body: Json, b: SubjectBuilder): void {
  switch (format) {
    case 'openai.chat':
    case 'anthropic.messages':
      return walkMessages(body as Obj, b);
    case 'openai.responses':
      return walkResponsesInput(body as Obj, b);
    case 'gemini.generate':
      return walkGemini(body as Obj, b);
    case 'plain':
      return walkPlain(body as Obj, b);
    default:
      return walkLeaves(body, [], 'user', b);
  }
}

const CHAT_ROLES: Readonly<Record<string, Role>> = {
  system: 'system', developer: 'system', user: 'user', assistant: 'assistant', model: 'assistant',
  tool: 'tool', function: 'tool', ipython: 'tool',
};

function roleOf(raw: Json, fallback: Role = 'user'): Role {
  return (typeof raw === 'string' && CHAT_ROLES[raw]) || fallback;
}

function walkMessages(body: Obj, b: SubjectBuilder): void {
  // Anthropic's top-level system prompt: a string or text blocks.
  if (typeof body.system === 'string') b.add('system', body.system, 0, ['system']);
  else if (Array.isArray(body.system)) walkBlocks(body.system, ['system'], 'system', b);

  (body.messages as Json[]).forEach((m, i) => {
    if (!isObj(m)) return;
    const role = roleOf(m.role);
    const path: JsonPath = ['messages', i];
    if (typeof m.content === 'string') b.add(role, m.content, 0, [...path, 'content']);
    else if (Array.isArray(m.content)) walkBlocks(m.content, [...path, 'content'], role, b);
    if (Array.isArray(m.tool_calls)) {
      m.tool_calls.forEach((tc, k) => {
        if (isObj(tc) && isObj(tc.function)) b.toolCall(tc.function.name, tc.function.arguments, `messages[${i}].tool_calls[${k}]`, tc.id);
      });
    }
    if (isObj(m.function_call)) b.toolCall(m.function_call.name, m.function_call.arguments, `messages[${i}].function_call`);
  });
  walkToolDefinitions(body, b);
}

/** Content blocks of OpenAI (text parts) and Anthropic (text, tool_use, tool_result, document). */
function walkBlocks(blocks: Json[], path: JsonPath, role: Role, b: SubjectBuilder): void {
  blocks.forEach((block, j) => {
    const p: JsonPath = [...path, j];
    if (typeof block === 'string') return b.add(role, block, 0, p);
    if (!isObj(block)) return;
    switch (block.type) {
      case 'text':
      case 'input_text':
      case 'output_text':
        return b.add(role, block.text, 0, [...p, 'text']);
      case 'tool_use':
        return b.toolCall(block.name, block.input, p.join('.'), block.id);
      case 'tool_result':
        if (typeof block.content === 'string') return b.add('tool', block.content, 0, [...p, 'content']);
        if (Array.isArray(block.content)) return walkBlocks(block.content, [...p, 'content'], 'tool', b);
        return;
      case 'document':
        if (isObj(block.source) && block.source.type === 'text') return b.add('document', block.source.data, 0, [...p, 'source', 'data']);
        if (isObj(block.source) && Array.isArray(block.source.content)) return walkBlocks(block.source.content, [...p, 'source', 'content'], 'document', b);
        return;
      default:
        return; // images, audio, files: not text
    }
  });
}

function walkToolDefinitions(body: Obj, b: SubjectBuilder): void {
  if (Array.isArray(body.tools)) {
    for (const t of body.tools) {
      if (!isObj(t)) continue;
      if (isObj(t.function)) b.tool(t.function.name, t.function.description, t.function.parameters); // OpenAI chat
      else if (Array.isArray(t.functionDeclarations) || Array.isArray(t.function_declarations)) {
        for (const f of (t.functionDeclarations ?? t.function_declarations) as Json[]) if (isObj(f)) b.tool(f.name, f.description, f.parameters); // Gemini
      } else b.tool(t.name, t.description, t.parameters ?? t.input_schema); // Responses, Anthropic
    }
  }
  if (Array.isArray(body.functions)) for (const f of body.functions) if (isObj(f)) b.tool(f.name, f.description, f.parameters);
}

function walkResponsesInput(body: Obj, b: SubjectBuilder): void {
  if (typeof body.instructions === 'string') b.add('system', body.instructions, 0, ['instructions']);
  if (typeof body.input === 'string') b.add('user', body.input, 0, ['input']);
  else if (Array.isArray(body.input)) {
    body.input.forEach((item, i) => {
      const p: JsonPath = ['input', i];
      if (typeof item === 'string') return b.add('user', item, 0, p);
      if (!isObj(item)) return;
      if (item.type === 'function_call') return b.toolCall(item.name, item.arguments, `input[${i}]`, item.call_id);
      if (item.type === 'function_call_output') return b.add('tool', item.output, 0, [...p, 'output']);
      const role = roleOf(item.role);
      if (typeof item.content === 'string') b.add(role, item.content, 0, [...p, 'content']);
      else if (Array.isArray(item.content)) walkBlocks(item.content, [...p, 'content'], role, b);
    });
  }
  walkToolDefinitions(body, b);
}

function walkGemini(body: Obj, b: SubjectBuilder): void {
  const sys = body.systemInstruction ?? body.system_instruction;
  const sysKey = body.systemInstruction !== undefined ? 'systemInstruction' : 'system_instruction';
  if (typeof sys === 'string') b.add('system', sys, 0, [sysKey]);
  else if (isObj(sys) && Array.isArray(sys.parts)) walkGeminiParts(sys.parts, [sysKey, 'parts'], 'system', b);
  (body.contents as Json[]).forEach((c, i) => {
    if (!isObj(c) || !Array.isArray(c.parts)) return;
    walkGeminiParts(c.parts, ['contents', i, 'parts'], roleOf(c.role), b);
  });
  walkToolDefinitions(body, b);
}

/** Gemini parts: text, function calls and function responses (request and response bodies). */
export function walkGeminiParts(parts: Json[], path: JsonPath, role: Role, b: SubjectBuilder, doc = 0): void {
  parts.forEach((part, j) => {
    if (!isObj(part)) return;
    const p: JsonPath = [...path, j];
    if (typeof part.text === 'string') b.add(role, part.text, doc, [...p, 'text']);
    const call = part.functionCall ?? part.function_call;
    if (isObj(call)) b.toolCall(call.name, call.args, p.join('.'));
    const resp = part.functionResponse ?? part.function_response;
    if (isObj(resp)) walkLeaves(resp.response, [...p, part.functionResponse ? 'functionResponse' : 'function_response', 'response'], 'tool', b, doc);
  });
}

function walkPlain(body: Obj, b: SubjectBuilder): void {
  if (typeof body.system === 'string') b.add('system', body.system, 0, ['system']);
  if (typeof body.message === 'string') b.add('user', body.message, 0, ['message']);
  if (typeof body.prompt === 'string') b.add('user', body.prompt, 0, ['prompt']);
  else if (Array.isArray(body.prompt)) body.prompt.forEach((p, i) => b.add('user', p, 0, ['prompt', i]));
}

/** Every string leaf of any JSON value, in document order. */
export function walkLeaves(value: Json, path: JsonPath, role: Role, b: SubjectBuilder, doc = 0): void {
  if (typeof value === 'string') {
    // Inline binary (data: URLs) is not text worth scanning; the decoder would only waste budget on it.
    if (!value.startsWith('data:')) b.add(role, value, doc, path);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => walkLeaves(v, [...path, i], role, b, doc));
    return;
  }
  if (isObj(value)) for (const [k, v] of Object.entries(value)) walkLeaves(v, [...path, k], role, b, doc);
}
