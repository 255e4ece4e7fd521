/**
 * `aegis scan-docs DIR`: scans the documents under a directory before they are indexed (RAG ingestion),
 * one JSON line per document in path order, with the same per-document report as
 * `POST /api/v1/rag/scan` plus its `path`; a summary goes to stderr.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { AegisError } from './errors';
import { decodeBody } from './formats';
import { documentReport, summarize, type DocumentReport } from './rag-scan';
import type { CoreService } from './service';

/** File extensions scanned by default: text formats a RAG pipeline indexes. */
export const DEFAULT_DOC_EXTENSIONS = ['.txt', '.md', '.markdown', '.mdx', '.html', '.htm', '.xml', '.json', '.jsonl', '.csv', '.tsv', '.rst', '.adoc', '.yaml', '.yml', '.eml', '.log'];

/** What to scan and how to report. */
export interface ScanDocsOptions {
  readonly extensions: readonly string[];
  readonly maxBytes: number;
}

/** Files under `dir` (recursively, hidden entries and symlinks skipped) with one of the extensions, sorted. */
export function listDocuments(dir: string, extensions: readonly string[]): string[] {
  const out: string[] = [];
  const exts = new Set(extensions.map((e) => (e.startsWith('.') ? e : `.${e}`).toLowerCase()));
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.')) continue;
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && exts.has(extname(name).toLowerCase())) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** One output line: a report, or an error for a file that could not be scanned. */
export type ScanDocsLine = (DocumentReport & { readonly path: string }) | { readonly path: string; readonly error: { readonly code: string; readonly message: string } };

/** Scans every document under `dir`; calls `emit` per file in order; resolves to the reports. */
export async function scanDirectory(service: CoreService, dir: string, options: ScanDocsOptions, emit: (line: ScanDocsLine) => void): Promise<DocumentReport[]> {
  const reports: DocumentReport[] = [];
  for (const file of listDocuments(dir, options.extensions)) {
    const path = relative(dir, file);
    try {
      const bytes = readFileSync(file);
      if (bytes.length > options.maxBytes) throw new AegisError('AEGIS_ERR_BODY_TOO_LARGE', `larger than ${options.maxBytes} bytes`);
      const text = decodeBody(bytes);
      const [verdict] = await service.scanDocuments([{ id: path, text }], { requestId: `scan-docs:${path}`.slice(0, 128).replace(/[^A-Za-z0-9._:-]/g, '_'), transport: 'cli' });
      const report = documentReport(verdict as NonNullable<typeof verdict>);
      reports.push(report);
      emit({ path, ...report });
    } catch (err) {
      const e = err instanceof AegisError ? err : new AegisError('AEGIS_ERR_INTERNAL', undefined, { cause: err });
      emit({ path, error: { code: e.code, message: e.publicMessage } });
    }
  }
  return reports;
}

/** The stderr summary line. */
export function summaryLine(reports: readonly DocumentReport[]): string {
  const s = summarize(reports);
  return `scanned ${s.documents} documents: ${s.allowed} allowed, ${s.masked} masked, ${s.blocked} blocked, ${s.flagged} flagged\n`;
}
