/** Incremental scanning of streamed LLM responses (see `sse-scanner.ts`). */
export { SseStreamScanner, type ScanStep, type SseScannerOptions } from './sse-scanner';
export { sseErrorEvent, type RefusalBody } from './error-event';
