/**
 * The RAG ingestion scan's wire shapes, shared by `POST /api/v1/rag/scan` and `aegis scan-docs`: what a
 * caller sends (documents with ids) and what comes back per document and per span.
 */
import { AegisError } from './errors';
import { decodeBody, jsonErrorPosition } from './formats';
import type { DocumentVerdict, ScanDocument } from './service';

/** Most documents one scan request may carry. */
export const MAX_SCAN_DOCUMENTS = 1000;

/** One document's result. Spans are JavaScript string offsets into that document's text. */
export interface DocumentReport {
  readonly id: string;
  readonly action: 'allow' | 'mask' | 'block';
  readonly risk: number;
  readonly categories: readonly string[];
  readonly decisionId: string;
  readonly findings: ReadonlyArray<{
    readonly detector: string;
    readonly category: string;
    readonly score: number;
    readonly reason?: string;
    readonly spans: ReadonlyArray<{ readonly start: number; readonly end: number; readonly type?: string }>;
  }>;
  readonly maskedText?: string;
}

/** Counts over a scan. */
export interface ScanSummary {
  readonly documents: number;
  readonly allowed: number;
  readonly masked: number;
  readonly blocked: number;
  /** Documents with at least one category the policy acts on (including `log`). */
  readonly flagged: number;
}

/**
 * Reads a scan request: JSON `{"documents": [{"id"?, "text"}]}`, or any text body as one document.
 * Throws catalog errors for anything else.
 */
export function parseScanRequest(body: string | Uint8Array, contentType: string | undefined): ScanDocument[] {
  const text = decodeBody(body);
  if (!(contentType ?? '').toLowerCase().includes('json')) return [{ id: 'document', text }];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AegisError('AEGIS_ERR_INVALID_JSON', `The body is not valid JSON${jsonErrorPosition(err)}.`);
  }
  const docs = (json as { documents?: unknown } | null)?.documents;
  if (!Array.isArray(docs) || docs.length === 0) throw new AegisError('AEGIS_ERR_BAD_REQUEST', 'The body needs "documents": a non-empty array of {"id", "text"}.');
  if (docs.length > MAX_SCAN_DOCUMENTS) throw new AegisError('AEGIS_ERR_BAD_REQUEST', `At most ${MAX_SCAN_DOCUMENTS} documents per request.`);
  return docs.map((d, i) => {
    const o = d as { id?: unknown; text?: unknown } | null;
    if (typeof o !== 'object' || o === null || typeof o.text !== 'string') throw new AegisError('AEGIS_ERR_BAD_REQUEST', `documents[${i}].text must be a string.`);
    if (o.id !== undefined && (typeof o.id !== 'string' || o.id.length === 0 || o.id.length > 256)) throw new AegisError('AEGIS_ERR_BAD_REQUEST', `documents[${i}].id must be a string of 1 to 256 characters.`);
    return { id: (o.id as string | undefined) ?? String(i), text: o.text };
  });
}

/** One document's verdict as reported. */
export function documentReport(d: DocumentVerdict): DocumentReport {
  const v = d.verdict;
  return {
    id: d.id,
    action: v.action,
    risk: v.risk,
    categories: v.categories,
    decisionId: v.decisionId,
    findings: v.findings.map((f) => ({
      detector: f.detector,
      category: f.category,
      score: f.score,
      ...(f.reason !== undefined ? { reason: f.reason } : {}),
      spans: (f.spans ?? []).map((s) => ({ start: s.start, end: s.end, ...(s.type !== undefined ? { type: s.type } : {}) })),
    })),
    ...(d.maskedText !== undefined ? { maskedText: d.maskedText } : {}),
  };
}

/** Totals over reports. */
export function summarize(reports: readonly DocumentReport[]): ScanSummary {
  return {
    documents: reports.length,
    allowed: reports.filter((r) => r.action === 'allow').length,
    masked: reports.filter((r) => r.action === 'mask').length,
    blocked: reports.filter((r) => r.action === 'block').length,
    flagged: reports.filter((r) => r.categories.length > 0).length,
  };
}
