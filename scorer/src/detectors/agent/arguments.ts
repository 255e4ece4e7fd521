/**
 * Dangerous content in tool-call arguments, by family: shell pipelines that download and execute,
 * destructive SQL, path traversal, internal or cloud-metadata URLs, and credentials. Arguments are
 * parsed as JSON when they are JSON; every string value (with its key) is checked, bounded in count and
 * size. Hosts are judged with the WHATWG URL parser (which already turns `0x7f.1` or `2130706433` into
 * `127.0.0.1`) and Node's `net.BlockList`.
 */
import { BlockList, isIP } from 'node:net';

/** A dangerous-argument family. */
export type ArgumentFamily = 'shell_download_exec' | 'destructive_sql' | 'path_traversal' | 'internal_url' | 'credential';

export const ARGUMENT_FAMILIES: readonly ArgumentFamily[] = ['shell_download_exec', 'destructive_sql', 'path_traversal', 'internal_url', 'credential'];

/** One problem found in a call's arguments. */
export interface ArgumentIssue {
  readonly family: ArgumentFamily;
  readonly score: number;
  /** Finer reason, e.g. `metadata_service` or `private_key`. */
  readonly detail: string;
}

/** A string value of the arguments and the key it sits under (lower-case; '' at the top). */
interface Leaf {
  readonly key: string;
  readonly value: string;
}

const MAX_LEAVES = 256;
const MAX_CHARS = 65_536;

/** String values of parsed arguments (or the raw text when it is not JSON). */
export function argumentLeaves(parsed: unknown, raw: string): Leaf[] {
  const out: Leaf[] = [];
  let chars = 0;
  const walk = (v: unknown, key: string, depth: number): void => {
    if (out.length >= MAX_LEAVES || chars >= MAX_CHARS || depth > 32) return;
    if (typeof v === 'string') {
      const value = v.length > MAX_CHARS - chars ? v.slice(0, MAX_CHARS - chars) : v;
      chars += value.length;
      out.push({ key, value });
    } else if (typeof v === 'number' && key !== '') out.push({ key, value: String(v) });
    else if (Array.isArray(v)) for (const x of v) walk(x, key, depth + 1);
    else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) walk(x, k.toLowerCase(), depth + 1);
  };
  if (parsed === undefined) walk(raw, '', 0);
  else walk(parsed, '', 0);
  return out;
}

// ── shell ───────────────────────────────────────────────────────────────────────────────────────
const FETCH = String.raw`(?:curl|wget|fetch|iwr|irm|invoke-webrequest|invoke-restmethod|aria2c|lwp-download|tftp)`;
const SHELLS = String.raw`(?:sudo\s+)?(?:ba|z|da|k|c|tc|fi)?sh|python[0-9.]*|perl|ruby|node|php|iex|invoke-expression|pwsh|powershell|source`;
const SHELL_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [new RegExp(String.raw`\b${FETCH}\b[^\n|;&]*\|\s*(?:${SHELLS})\b`, 'i'), 'pipe_to_shell'],
  [new RegExp(String.raw`(?:${SHELLS})\s+(?:-c\s+)?["']?\$\(\s*${FETCH}\b`, 'i'), 'command_substitution'],
  [new RegExp(String.raw`(?:${SHELLS})\s+<\(\s*${FETCH}\b`, 'i'), 'process_substitution'],
  [new RegExp(String.raw`\b${FETCH}\b[^\n]*?(?:-o|-O|--output|>)\s*\S+[^\n]*?(?:&&|;|\|\|)\s*(?:chmod\s+\+?[0-7]*x|\.\/|(?:${SHELLS})\s)`, 'i'), 'download_then_run'],
  [/\b(?:iex|invoke-expression)\b[^\n]*(?:downloadstring|downloadfile|net\.webclient|invoke-webrequest|iwr)/i, 'powershell_download'],
  [/\/dev\/tcp\/|\bnc(?:at)?\b[^\n]*\s-[a-z]*e\s|\bmkfifo\b[^\n]*\bnc\b|\bsocat\b[^\n]*exec:/i, 'reverse_shell'],
  [/\bcertutil(?:\.exe)?\s+[^\n]*-urlcache\b|\bbitsadmin\b[^\n]*\/transfer\b|\bmshta\s+https?:/i, 'lolbin_download'],
];

// ── SQL ─────────────────────────────────────────────────────────────────────────────────────────
const SQL_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bdrop\s+(?:table|database|schema|view|index|user|role|function|procedure|trigger)\b/i, 'drop'],
  [/\btruncate\s+(?:table\s+)?[`"[\w]/i, 'truncate'],
  [/\bdelete\s+from\s+[`"[\]\w.]+\s*(?:;|$|--|\/\*)/i, 'delete_without_where'],
  [/\bdelete\s+from\s+[`"[\]\w.]+\s+where\s+(?:1\s*=\s*1|true|'1'\s*=\s*'1')\s*(?:;|$|--)/i, 'delete_all'],
  [/\bupdate\s+[`"[\]\w.]+\s+set\s+(?:(?!\bwhere\b)[^;])*(?:;|$)/i, 'update_without_where'],
  [/\balter\s+table\s+[`"[\]\w.]+\s+drop\b/i, 'alter_drop'],
];

// ── paths ───────────────────────────────────────────────────────────────────────────────────────
const TRAVERSAL = /(?:^|[\\/=])\.\.(?:[\\/]|$)|%2e%2e(?:%2f|%5c|\/|\\)|\.\.(?:%2f|%5c)|%252e%252e|\.\.%c0%af/i;
const SENSITIVE_PATH = /(?:^|[\s"'=:])(?:\/etc\/(?:passwd|shadow|sudoers|ssh\/)|\/proc\/self\/|\/root\/|~\/\.ssh\/|\/\.ssh\/(?:id_|authorized_keys)|\.aws\/credentials|\.kube\/config|\/var\/run\/secrets\/|[a-z]:\\windows\\system32\\config\\|\.git\/config|\.env(?:$|[\s"']))/i;

// ── URLs ────────────────────────────────────────────────────────────────────────────────────────
const URL_IN_TEXT = /\b(?:https?|ftp|gopher|dict|file|ldap|tftp|jar|netdoc):\/\/[^\s"'<>`]+/gi;
const BARE_HOST_KEYS = /^(?:url|uri|host|hostname|endpoint|address|target|server|domain|link|href|src|webhook|callback)$/;
const METADATA_HOSTS = new Set(['169.254.169.254', 'metadata.google.internal', 'metadata.goog', 'metadata', '100.100.100.200', 'fd00:ec2::254', '169.254.170.2', 'metadata.azure.com', 'instance-data', 'instance-data.ec2.internal']);
const INTERNAL_SUFFIXES = ['.internal', '.local', '.localhost', '.localdomain', '.intranet', '.corp', '.lan', '.home.arpa', '.cluster.local'];

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
] as const) PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::1', 128], ['::', 128], ['fc00::', 7], ['fe80::', 10]] as const) PRIVATE.addSubnet(net, bits, 'ipv6');

/** Why a host is internal, or undefined when it is public (or allow-listed). */
export function internalHost(hostname: string, allowed: readonly string[]): string | undefined {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
  if (host === '') return undefined;
  for (const a of allowed) if (host === a.toLowerCase() || host.endsWith(`.${a.toLowerCase()}`)) return undefined;
  if (METADATA_HOSTS.has(host)) return 'metadata_service';
  if (host === 'localhost') return 'loopback';
  const kind = isIP(host);
  if (kind === 4) return PRIVATE.check(host, 'ipv4') ? (host.startsWith('169.254.') ? 'link_local' : 'private_address') : undefined;
  if (kind === 6) {
    const mapped = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/.exec(host);
    if (mapped) {
      const v4 = mapped[1] ?? `${parseInt(mapped[2] as string, 16) >> 8}.${parseInt(mapped[2] as string, 16) & 255}.${parseInt(mapped[3] as string, 16) >> 8}.${parseInt(mapped[3] as string, 16) & 255}`;
      return internalHost(v4, allowed);
    }
    return PRIVATE.check(host, 'ipv6') ? 'private_address' : undefined;
  }
  for (const s of INTERNAL_SUFFIXES) if (host.endsWith(s)) return 'internal_name';
  if (!host.includes('.')) return 'internal_name';
  return undefined;
}

function urlIssue(candidate: string, allowed: readonly string[]): ArgumentIssue | undefined {
  let u: URL;
  try {
    u = new URL(candidate);
  } catch {
    return undefined;
  }
  const scheme = u.protocol.slice(0, -1).toLowerCase();
  if (scheme === 'file' || scheme === 'gopher' || scheme === 'dict' || scheme === 'ldap' || scheme === 'jar' || scheme === 'netdoc' || scheme === 'tftp') {
    return { family: 'internal_url', score: 0.9, detail: `scheme_${scheme}` };
  }
  const why = internalHost(u.hostname, allowed);
  if (why) return { family: 'internal_url', score: why === 'metadata_service' ? 0.95 : 0.85, detail: why };
  return undefined;
}

// ── credentials ─────────────────────────────────────────────────────────────────────────────────
const CREDENTIAL_KEY = /(?:^|[_-])(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|authorization|auth|credentials?|cookie|session[_-]?id|bearer)$/;
const PLACEHOLDER = /^(?:\*+|x+|<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|redacted|\[redacted\]|null|none|changeme|example|your[_-]?\w*|\.\.\.)$/i;
const PRIVATE_KEY = /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/;
const AUTH_HEADER = /\bauthorization\s*:\s*(?:bearer|basic|token)\s+[A-Za-z0-9._~+/=-]{12,}/i;
const URL_USERINFO = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]{3,}@[^\s/]/i;

function credentialIssue(leaf: Leaf): ArgumentIssue | undefined {
  if (PRIVATE_KEY.test(leaf.value)) return { family: 'credential', score: 0.95, detail: 'private_key' };
  if (AUTH_HEADER.test(leaf.value)) return { family: 'credential', score: 0.85, detail: 'authorization_header' };
  if (URL_USERINFO.test(leaf.value)) return { family: 'credential', score: 0.85, detail: 'url_password' };
  const v = leaf.value.trim();
  if (CREDENTIAL_KEY.test(leaf.key) && v.length >= 6 && !PLACEHOLDER.test(v) && !/\s/.test(v)) return { family: 'credential', score: 0.85, detail: `key_${leaf.key.replace(/[^a-z_]/g, '')}` };
  return undefined;
}

/** Every issue in one call's arguments, at most one per family (the highest score). */
export function argumentIssues(leaves: readonly Leaf[], families: ReadonlySet<ArgumentFamily>, allowedHosts: readonly string[]): ArgumentIssue[] {
  const best = new Map<ArgumentFamily, ArgumentIssue>();
  const keep = (i: ArgumentIssue | undefined): void => {
    if (i && families.has(i.family) && (best.get(i.family)?.score ?? 0) < i.score) best.set(i.family, i);
  };
  for (const leaf of leaves) {
    const v = leaf.value;
    if (families.has('shell_download_exec')) for (const [re, detail] of SHELL_PATTERNS) if (re.test(v)) keep({ family: 'shell_download_exec', score: 0.95, detail });
    if (families.has('destructive_sql') && /\b(?:drop|truncate|delete|update|alter)\b/i.test(v)) {
      for (const [re, detail] of SQL_PATTERNS) if (re.test(v)) keep({ family: 'destructive_sql', score: detail === 'update_without_where' ? 0.8 : 0.9, detail });
    }
    if (families.has('path_traversal')) {
      if (TRAVERSAL.test(v)) keep({ family: 'path_traversal', score: 0.85, detail: 'dot_dot' });
      else if (SENSITIVE_PATH.test(v)) keep({ family: 'path_traversal', score: 0.85, detail: 'sensitive_path' });
    }
    if (families.has('internal_url')) {
      if (v.includes('://')) {
        URL_IN_TEXT.lastIndex = 0;
        let m: RegExpExecArray | null;
        while ((m = URL_IN_TEXT.exec(v)) !== null) keep(urlIssue(m[0], allowedHosts));
      } else if (BARE_HOST_KEYS.test(leaf.key) && /^[\w.:[\]-]+(?::\d+)?(?:\/\S*)?$/.test(v.trim())) {
        keep(urlIssue(`http://${v.trim()}`, allowedHosts));
      }
    }
    if (families.has('credential')) keep(credentialIssue(leaf));
  }
  return [...best.values()];
}
