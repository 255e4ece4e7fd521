/**
 * PII through the REST API against a real Core and the real Redis at 127.0.0.1:6379 (a unique key
 * prefix per run): tokenise a request, restore the tokens in its answer (JSON and a stream with the
 * token split across chunks), mask PII an LLM writes into an answer, and keep personal data out of
 * logs and out of Redis in clear. A fault test runs its own redis-server and stops it.
 */
import test from 'ava';
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { scanLine } from '../../cli';
import { startCore, type CoreHandle } from '../../main';
import { createLogger } from '../../telemetry/logger';

const RRN = '900101-1234568';
const PHONE = '010-2345-6789';
const PREFIX = `aegis-test-${randomUUID().slice(0, 8)}:`;
const logLines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    logLines.push(chunk.toString());
    done();
  },
});

let core: CoreHandle;
let redis: Redis;
test.before(async () => {
  redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  await redis.ping(); // fails the suite when Redis is missing: it is a real dependency here
  core = await startCore({
    env: { PORT: '0', GRPC_PORT: '0', HOST: '127.0.0.1', REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: PREFIX, PII_HASH_KEY: 'test-hash-key-0123456789' },
    logger: createLogger('info', sink),
  });
});
test.after.always(async () => {
  await core?.close();
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const post = (path: string, body: string, headers: Record<string, string>) => fetch(`${core.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
const chat = (content: string) => JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content }] });
const sseChunk = (c: string) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: c } }] })}\n\n`;
const deltas = (body: string) =>
  body
    .split('\n\n')
    .filter((e) => e.startsWith('data: {'))
    .map((e) => (JSON.parse(e.slice(6)) as { choices: Array<{ delta: { content: string } }> }).choices[0]!.delta.content);

interface Answer {
  action: string;
  maskedBody?: string;
  tokens?: number;
  findings: Array<{ detector: string; category: string; spans: Array<{ type: string }> }>;
}

test('tokenize round trip: the LLM sees tokens, the answer gets the originals back (JSON and a split stream)', async (t) => {
  const id = `req-${randomUUID()}`;
  const res = await post('/api/v1/inspect', chat(`제 주민번호는 ${RRN}이고 연락처는 ${PHONE}입니다. 서류 발급 방법 알려주세요`), { 'x-aegis-request-id': id });
  const v = (await res.json()) as Answer;
  t.is(v.action, 'mask');
  t.is(v.tokens, 2);
  const sent = (JSON.parse(v.maskedBody as string) as { messages: Array<{ content: string }> }).messages[0]!.content;
  t.is(sent, '제 주민번호는 [[KR_RRN_1]]이고 연락처는 [[PHONE_1]]입니다. 서류 발급 방법 알려주세요');
  t.false(JSON.stringify(v.findings).includes(RRN), 'findings never carry the text');

  // Redis holds the tokens sealed, with a TTL, under the run's prefix.
  const stored = await redis.hgetall(`${PREFIX}tok:-:${id}`);
  t.deepEqual(Object.keys(stored).sort(), ['[[KR_RRN_1]]', '[[PHONE_1]]']);
  t.false(JSON.stringify(stored).includes(RRN));
  const ttl = await redis.ttl(`${PREFIX}tok:-:${id}`);
  t.true(ttl > 0 && ttl <= 3600);

  // A JSON answer that repeats a token.
  const answer = JSON.stringify({ choices: [{ message: { role: 'assistant', content: '[[KR_RRN_1]] 님의 서류는 [[PHONE_1]]로 안내드립니다.' } }] });
  const a = (await (await post('/api/v1/output/analyze', answer, { 'x-aegis-request-id': id })).json()) as Answer;
  t.is(a.tokens, 2);
  t.is((JSON.parse(a.maskedBody as string) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content, `${RRN} 님의 서류는 ${PHONE}로 안내드립니다.`);

  // A stream whose token is split across two chunks.
  const stream = `${sseChunk('확인했습니다: [[KR_R')}${sseChunk('RN_1]] 입니다.')}data: [DONE]\n\n`;
  const s = (await (await post('/api/v1/output/analyze', stream, { 'x-aegis-request-id': id, 'content-type': 'text/event-stream' })).json()) as Answer;
  t.is(s.tokens, 1);
  t.deepEqual(deltas(s.maskedBody as string), [`확인했습니다: ${RRN}`, ' 입니다.']);

  // Another request's answer cannot restore these tokens.
  const other = (await (await post('/api/v1/output/analyze', answer, { 'x-aegis-request-id': `req-${randomUUID()}` })).json()) as Answer;
  t.is(other.maskedBody, undefined);
  t.is(other.tokens, undefined);
  // Nor can another tenant with the same request id.
  const tenant = (await (await post('/api/v1/output/analyze', answer, { 'x-aegis-request-id': id, 'x-aegis-tenant': 'other' })).json()) as Answer;
  t.is(tenant.tokens, undefined);

  t.false(logLines.join('').includes(RRN), 'logs never contain the personal data');
  t.false(logLines.join('').includes(PHONE));
});

test('output guard: PII the LLM writes is masked, also when split across stream chunks', async (t) => {
  const json = JSON.stringify({ choices: [{ message: { role: 'assistant', content: `담당자 연락처는 ${PHONE}, 키는 sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z 입니다` } }] });
  const a = (await (await post('/api/v1/output/analyze', json, {})).json()) as Answer;
  t.is(a.action, 'mask');
  t.is((JSON.parse(a.maskedBody as string) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content, '담당자 연락처는 [PHONE], 키는 [API_KEY] 입니다');
  t.deepEqual(a.findings.filter((f) => f.detector === 'pii').map((f) => f.category).sort(), ['pii', 'secret']);

  const stream = `${sseChunk('주민번호는 900101-12')}${sseChunk('34568 이고 끝')}data: [DONE]\n\n`;
  const s = (await (await post('/api/v1/output/analyze', stream, { 'content-type': 'text/event-stream' })).json()) as Answer;
  t.is(s.action, 'mask');
  t.deepEqual(deltas(s.maskedBody as string), ['주민번호는 [KR_RRN]', ' 이고 끝'], 'both events are masked');
});

test('aegis scan: direction response masks PII', async (t) => {
  const r = await scanLine(core.service, JSON.stringify({ text: `연락처 ${PHONE} 로 주세요`, direction: 'response' }), 1);
  t.true('action' in r && r.action === 'mask');
  t.is('masked' in r ? r.masked : undefined, '연락처 [PHONE] 로 주세요');
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

test('Redis going down: requests are still masked, the failure is logged and health degrades', async (t) => {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'aegis-redis-'));
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  const lines: string[] = [];
  const logs = new Writable({
    write(chunk: Buffer, _e, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  let own: CoreHandle | undefined;
  try {
    for (let i = 0; i < 50; i++) {
      try {
        execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: 'pipe' });
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    own = await startCore({ env: { PORT: '0', GRPC_PORT: '0', HOST: '127.0.0.1', REDIS_URL: `redis://127.0.0.1:${port}` }, logger: createLogger('info', logs) });
    const health = async () => ((await (await fetch(`${own!.url}/api/v1/health`)).json()) as { components: Record<string, { status: string }> }).components.tokens?.status;
    for (let i = 0; i < 30 && (await health()) !== 'ok'; i++) await new Promise((r) => setTimeout(r, 100));
    t.is(await health(), 'ok');
    execFileSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave'], { stdio: 'pipe' });
    await new Promise((r) => setTimeout(r, 300));
    const res = await fetch(`${own.url}/api/v1/inspect`, { method: 'POST', body: chat(`주민번호 ${RRN}`), headers: { 'content-type': 'application/json' } });
    t.is(res.status, 200);
    const v = (await res.json()) as Answer;
    t.is(v.action, 'mask');
    t.false((v.maskedBody ?? '').includes(RRN), 'the request still leaves masked');
    t.is(await health(), 'degraded');
    t.true(lines.some((l) => l.includes('token store failed')));
    t.false(lines.join('').includes(RRN));
  } finally {
    await own?.close();
    server.kill('SIGKILL');
  }
});
