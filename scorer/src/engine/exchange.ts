/**
 * The request half of an exchange, kept for the checks on its response. The engine evaluates one
 * direction at a time; the service stores what `exchangeOf` returns (keyed by request id) and attaches
 * it to the response subject, so the leak and agent detectors can compare an answer with its system
 * prompt, validate tool calls against the declared schemas, and taint calls that follow injected content.
 */
import type { Category, ExchangeRequest, Finding, Subject } from './types';

/** Categories that mean "this text tries to steer the model"; found in untrusted segments they taint. */
const STEERING: ReadonlySet<Category> = new Set<Category>([
  'indirect_injection',
  'prompt_injection',
  'jailbreak',
  'prompt_extraction',
  'delimiter_injection',
  'privilege_escalation',
  'tool_abuse',
  'exfiltration',
]);

/** Summarises a request subject and its findings for its response's checks. */
export function exchangeOf(subject: Subject, findings: readonly Finding[]): ExchangeRequest {
  const system: string[] = [];
  for (const seg of subject.segments) if (seg.role === 'system') system.push(seg.text);
  let untrustedRisk = 0;
  for (const f of findings) {
    if (!STEERING.has(f.category) || f.score <= untrustedRisk) continue;
    for (const span of f.spans ?? []) {
      const role = subject.segments[span.segment]?.role;
      if (role === 'tool' || role === 'document') {
        untrustedRisk = f.score;
        break;
      }
    }
  }
  return { system, tools: subject.tools ?? [], untrustedRisk };
}

/** True when a response check could use the exchange (otherwise there is nothing worth storing). */
export function exchangeMatters(x: ExchangeRequest): boolean {
  return x.system.length > 0 || x.tools.length > 0 || x.untrustedRisk > 0;
}
