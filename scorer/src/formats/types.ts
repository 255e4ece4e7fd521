/** Types shared by the body parsers. */
import type { Segment, TextEdit, ToolCall, ToolDefinition } from '../engine/types';

/** The body shapes Aegis understands. `json` is any other JSON; `text` is a non-JSON body. */
export type FormatId =
  | 'openai.chat'
  | 'openai.completions'
  | 'openai.responses'
  | 'anthropic.messages'
  | 'gemini.generate'
  | 'plain'
  | 'json'
  | 'text';

/** Every format id, for validating a caller's format hint. */
export const FORMAT_IDS: readonly FormatId[] = ['openai.chat', 'openai.completions', 'openai.responses', 'anthropic.messages', 'gemini.generate', 'plain', 'json', 'text'];

/** A parsed request or response body. */
export interface ParsedBody {
  readonly format: FormatId;
  /** The body was a server-sent-events stream. */
  readonly stream: boolean;
  readonly segments: readonly Segment[];
  readonly toolCalls: readonly ToolCall[];
  readonly tools: readonly ToolDefinition[];
  /** The body with `edits` applied to segment texts, in the body's own format. */
  render(edits: readonly TextEdit[], options?: RenderOptions): string;
  /** Whether `render` can honour `insertSystem` for this body (requests with a system slot). */
  readonly canInsertSystem: boolean;
}

/** Extra changes `render` makes besides the edits. */
export interface RenderOptions {
  /** Text to put at the start of the system prompt (requests only; ignored where there is no slot). */
  readonly insertSystem?: string;
}
