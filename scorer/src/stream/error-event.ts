/**
 * The event that ends a refused stream. Headers are gone by then, so the refusal travels in the stream
 * itself, shaped the way each API reports errors mid-stream so client libraries surface it.
 */
import type { FormatId } from '../formats';

/** What a refusal says (the same fields as a denial body). */
export interface RefusalBody {
  readonly error: string;
  readonly code: string;
  readonly requestId: string;
  readonly categories: readonly string[];
}

/** One SSE event (with its blank line) reporting `body`. */
export function sseErrorEvent(format: FormatId | undefined, body: RefusalBody): string {
  if (format === 'anthropic.messages') {
    const data = { type: 'error', error: { type: 'aegis_blocked', message: body.error }, code: body.code, requestId: body.requestId, categories: body.categories };
    return `event: error\ndata: ${JSON.stringify(data)}\n\n`;
  }
  const data = { error: { message: body.error, type: 'aegis_blocked', code: body.code }, requestId: body.requestId, categories: body.categories };
  return `data: ${JSON.stringify(data)}\n\n`;
}
