/**
 * The JSON logger (pino). Prompts, answers and credentials never reach a log line: text is logged as
 * `[len=n sha256=…]`, and credential headers are censored by path.
 */
import { createHash } from 'node:crypto';
import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config';

export type { Logger } from 'pino';

/** Creates the process logger; `service` names the process in every line (Core, or the Kong edge plugin). */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream, service = 'aegis-core'): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', 'headers.authorization', '*.apiKey', '*.password', '*.token'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** How text appears in logs: its length and a short digest, never the text. */
export function redactText(text: string | Uint8Array): string {
  const len = typeof text === 'string' ? text.length : text.byteLength;
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 16);
  return `[len=${len} sha256=${digest}]`;
}
