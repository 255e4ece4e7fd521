/**
 * Inserting text at the start of a request's system prompt, in the body's own format: the leak
 * detector's canary travels this way. Formats without a system slot (plain text, unknown JSON) are left
 * alone and `insertSystem` says so.
 */
import type { FormatId } from './types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Formats whose requests have a system prompt Aegis can write to. */
export const SYSTEM_FORMATS: ReadonlySet<FormatId> = new Set<FormatId>(['openai.chat', 'openai.responses', 'anthropic.messages', 'gemini.generate', 'plain']);

/** Prepends `text` (as its own paragraph) to the system prompt of `body` in place; false if it cannot. */
export function insertSystem(format: FormatId, body: unknown, text: string): boolean {
  if (!isObj(body) || !SYSTEM_FORMATS.has(format)) return false;
  const prefix = (old: unknown): string => (typeof old === 'string' && old.length > 0 ? `${text}\n\n${old}` : text);
  switch (format) {
    case 'openai.chat': {
      const messages = body.messages as unknown[];
      const first = messages.find((m) => isObj(m) && (m.role === 'system' || m.role === 'developer'));
      if (isObj(first) && typeof first.content === 'string') first.content = prefix(first.content);
      else if (isObj(first) && Array.isArray(first.content)) first.content.unshift({ type: 'text', text });
      else messages.unshift({ role: 'system', content: text });
      return true;
    }
    case 'anthropic.messages':
    case 'plain':
      if (Array.isArray(body.system)) body.system.unshift({ type: 'text', text });
      else body.system = prefix(body.system);
      return true;
    case 'openai.responses':
      body.instructions = prefix(body.instructions);
      return true;
    case 'gemini.generate': {
      const key = body.system_instruction !== undefined && body.systemInstruction === undefined ? 'system_instruction' : 'systemInstruction';
      const sys = body[key];
      if (isObj(sys) && Array.isArray(sys.parts)) sys.parts.unshift({ text });
      else body[key] = typeof sys === 'string' ? prefix(sys) : { parts: [{ text }] };
      return true;
    }
    default:
      return false;
  }
}
