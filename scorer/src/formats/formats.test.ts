import test from 'ava';
import { parseRequestBody, parseResponseBody, parseSse, type ParsedBody } from '.';
import { AegisError } from '../errors';
import type { TextEdit } from '../engine/types';

const j = (o: unknown): string => JSON.stringify(o);
const texts = (p: ParsedBody): Array<[string, string]> => p.segments.map((s) => [s.role, s.text]);

/** A mask edit over `needle` in segment `segment`. */
function maskOf(p: ParsedBody, segment: number, needle: string, replacement = '[X]'): TextEdit {
  const start = p.segments[segment]!.text.indexOf(needle);
  if (start < 0) throw new Error(`${needle} not in segment ${segment}`);
  return { segment, start, end: start + needle.length, replacement };
}

// ── Requests ────────────────────────────────────────────────────────────────────────────────────

test('OpenAI Chat Completions request: roles, content parts, tool calls, tools', (t) => {
  const p = parseRequestBody(j({
    model: 'gpt-4o',
    messages: [
      { role: 'developer', content: 'Be brief.' },
      { role: 'system', content: 'You are a bank assistant.' },
      { role: 'user', content: [{ type: 'text', text: 'What is my balance?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_balance', arguments: '{"account":"A1"}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: '1,000 KRW' },
    ],
    tools: [{ type: 'function', function: { name: 'get_balance', description: 'Balance', parameters: { type: 'object' } } }],
  }));
  t.is(p.format, 'openai.chat');
  t.deepEqual(texts(p), [['system', 'Be brief.'], ['system', 'You are a bank assistant.'], ['user', 'What is my balance?'], ['tool', '1,000 KRW']]);
  t.deepEqual(p.toolCalls, [{ id: 'c1', name: 'get_balance', arguments: '{"account":"A1"}', source: 'messages[3].tool_calls[0]', precedingSegments: 3 }]);
  t.deepEqual(p.tools, [{ name: 'get_balance', description: 'Balance', parameters: { type: 'object' } }]);
  t.is(p.segments[2]?.source, 'messages[2].content[0].text');
});

test('OpenAI Responses request: instructions, input items, function calls and outputs', (t) => {
  const p = parseRequestBody(j({
    model: 'gpt-4.1',
    instructions: 'Answer in Korean.',
    input: [
      { role: 'user', content: [{ type: 'input_text', text: '날씨 알려줘' }] },
      { type: 'function_call', call_id: 'f1', name: 'weather', arguments: '{"city":"Seoul"}' },
      { type: 'function_call_output', call_id: 'f1', output: 'Sunny, 21°C' },
      { role: 'assistant', content: 'It is sunny.' },
    ],
    tools: [{ type: 'function', name: 'weather', description: 'Weather', parameters: { type: 'object' } }],
  }));
  t.is(p.format, 'openai.responses');
  t.deepEqual(texts(p), [['system', 'Answer in Korean.'], ['user', '날씨 알려줘'], ['tool', 'Sunny, 21°C'], ['assistant', 'It is sunny.']]);
  t.is(p.toolCalls[0]?.name, 'weather');
  t.is(p.tools[0]?.name, 'weather');
  t.deepEqual(texts(parseRequestBody(j({ model: 'x', input: 'plain input' }))), [['user', 'plain input']]);
});

test('Anthropic Messages request: system blocks, tool_use, tool_result, documents', (t) => {
  const p = parseRequestBody(j({
    model: 'claude-sonnet-4',
    max_tokens: 100,
    system: [{ type: 'text', text: 'You are careful.' }],
    messages: [
      { role: 'user', content: [{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Quarterly numbers...' } }, { type: 'text', text: 'Summarise it' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'search', input: { q: 'revenue' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'Revenue grew 5%' }] }] },
    ],
    tools: [{ name: 'search', description: 'Search', input_schema: { type: 'object' } }],
  }));
  t.is(p.format, 'anthropic.messages');
  t.deepEqual(texts(p), [['system', 'You are careful.'], ['document', 'Quarterly numbers...'], ['user', 'Summarise it'], ['tool', 'Revenue grew 5%']]);
  t.deepEqual(p.toolCalls.map((c) => [c.name, c.arguments]), [['search', '{"q":"revenue"}']]);
  t.deepEqual(p.tools[0]?.parameters, { type: 'object' });
});

test('Gemini generateContent request: systemInstruction, parts, function calls and responses', (t) => {
  const p = parseRequestBody(j({
    systemInstruction: { parts: [{ text: 'Be kind.' }] },
    contents: [
      { role: 'user', parts: [{ text: '환율 알려줘' }] },
      { role: 'model', parts: [{ functionCall: { name: 'fx', args: { pair: 'USDKRW' } } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'fx', response: { rate: '1380', note: 'closing rate' } } }] },
    ],
    tools: [{ functionDeclarations: [{ name: 'fx', description: 'FX', parameters: { type: 'object' } }] }],
  }));
  t.is(p.format, 'gemini.generate');
  t.deepEqual(texts(p), [['system', 'Be kind.'], ['user', '환율 알려줘'], ['tool', '1380'], ['tool', 'closing rate']]);
  t.deepEqual(p.toolCalls.map((c) => [c.name, c.arguments]), [['fx', '{"pair":"USDKRW"}']]);
  t.is(p.tools[0]?.name, 'fx');
});

test('plain {"message"} and {"prompt"} bodies', (t) => {
  t.deepEqual(texts(parseRequestBody(j({ message: 'hello' }))), [['user', 'hello']]);
  t.deepEqual(texts(parseRequestBody(j({ prompt: 'complete this', max_tokens: 5 }))), [['user', 'complete this']]);
  t.deepEqual(texts(parseRequestBody(j({ prompt: ['one', 'two'] }))), [['user', 'one'], ['user', 'two']]);
  t.is(parseRequestBody(j({ message: 'x' })).format, 'plain');
});

test('other JSON: every string leaf, with its path', (t) => {
  const p = parseRequestBody(j({ query: { text: 'find me', tags: ['a', 'b'] }, n: 3, img: 'data:image/png;base64,AAAA' }));
  t.is(p.format, 'json');
  t.deepEqual(texts(p), [['user', 'find me'], ['user', 'a'], ['user', 'b']]);
  t.is(p.segments[0]?.source, 'query.text');
});

test('non-JSON body: raw text', (t) => {
  const p = parseRequestBody('just text', { contentType: 'text/plain' });
  t.is(p.format, 'text');
  t.deepEqual(texts(p), [['user', 'just text']]);
  t.is(p.render([{ segment: 0, start: 5, end: 9, replacement: '[X]' }]), 'just [X]');
});

test('invalid JSON and invalid UTF-8 are catalog errors without echoing the body', (t) => {
  const bad = t.throws(() => parseRequestBody('{"message": "secret stuff', { contentType: 'application/json' }), { instanceOf: AegisError });
  t.is((bad as AegisError).code, 'AEGIS_ERR_INVALID_JSON');
  t.false((bad as AegisError).message.includes('secret'));
  const enc = t.throws(() => parseRequestBody(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), { instanceOf: AegisError });
  t.is((enc as AegisError).code, 'AEGIS_ERR_INVALID_ENCODING');
});

test('request render writes masked text back into the right places', (t) => {
  const body = { model: 'gpt-4o', messages: [{ role: 'user', content: 'My number is 010-1234-5678, call me' }] };
  const p = parseRequestBody(j(body));
  const out = JSON.parse(p.render([maskOf(p, 0, '010-1234-5678', '[PHONE]')])) as typeof body;
  t.is(out.messages[0]?.content, 'My number is [PHONE], call me');
  t.is(out.model, 'gpt-4o');
  t.deepEqual(JSON.parse(p.render([])), body);
});

// ── Responses (JSON) ────────────────────────────────────────────────────────────────────────────

test('OpenAI chat completion response', (t) => {
  const p = parseResponseBody(j({ object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'Hi there', tool_calls: [{ id: 'x', type: 'function', function: { name: 'f', arguments: '{}' } }] } }] }));
  t.is(p.format, 'openai.chat');
  t.deepEqual(texts(p), [['assistant', 'Hi there']]);
  t.is(p.toolCalls[0]?.name, 'f');
  t.is(JSON.parse(p.render([maskOf(p, 0, 'there')])).choices[0].message.content, 'Hi [X]');
});

test('OpenAI legacy completion, Responses, Anthropic, Gemini and plain responses', (t) => {
  t.deepEqual(texts(parseResponseBody(j({ choices: [{ text: 'done' }] }))), [['assistant', 'done']]);
  const r = parseResponseBody(j({ object: 'response', output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Answer' }] }, { type: 'function_call', name: 'g', arguments: '{}', call_id: 'c' }] }));
  t.is(r.format, 'openai.responses');
  t.deepEqual(texts(r), [['assistant', 'Answer']]);
  t.is(r.toolCalls[0]?.name, 'g');
  const a = parseResponseBody(j({ type: 'message', role: 'assistant', content: [{ type: 'text', text: '안녕하세요' }, { type: 'tool_use', id: 'u', name: 'h', input: { a: 1 } }] }));
  t.is(a.format, 'anthropic.messages');
  t.deepEqual(texts(a), [['assistant', '안녕하세요']]);
  t.is(a.toolCalls[0]?.arguments, '{"a":1}');
  const g = parseResponseBody(j({ candidates: [{ content: { role: 'model', parts: [{ text: 'Gemini says' }] } }] }));
  t.is(g.format, 'gemini.generate');
  t.is(JSON.parse(g.render([maskOf(g, 0, 'says')])).candidates[0].content.parts[0].text, 'Gemini [X]');
  t.deepEqual(texts(parseResponseBody(j({ response: 'plain answer' }))), [['assistant', 'plain answer']]);
});

// ── Streams ─────────────────────────────────────────────────────────────────────────────────────

const sse = (events: unknown[]): string => events.map((e) => `data: ${typeof e === 'string' ? e : j(e)}\n\n`).join('');
const chatChunk = (content: string): unknown => ({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content } }] });

test('OpenAI chat stream: deltas join into one segment; masking across chunks keeps events in order', (t) => {
  const body = sse([chatChunk('Call me at 010-12'), chatChunk('34-5678 tomorrow'), chatChunk('.'), '[DONE]']);
  const p = parseResponseBody(body, { contentType: 'text/event-stream' });
  t.true(p.stream);
  t.is(p.format, 'openai.chat');
  t.deepEqual(texts(p), [['assistant', 'Call me at 010-1234-5678 tomorrow.']]);
  const out = p.render([maskOf(p, 0, '010-1234-5678', '[PHONE]')]);
  const events = parseSse(out).events;
  t.is(events.length, 4);
  const deltas = events.slice(0, 3).map((e) => (e.json as { choices: Array<{ delta: { content: string } }> }).choices[0]!.delta.content);
  t.deepEqual(deltas, ['Call me at [PHONE]', ' tomorrow', '.']);
  t.is(events[3]?.data, '[DONE]');
  t.false(out.includes('5678'));
});

test('OpenAI chat stream: streamed tool call arguments are assembled', (t) => {
  const body = sse([
    { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_1', function: { name: 'run_sql', arguments: '' } }] } }] },
    { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"q":"DROP ' } }] } }] },
    { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: 'TABLE x"}' } }] } }] },
    '[DONE]',
  ]);
  const p = parseResponseBody(body);
  t.deepEqual(p.toolCalls, [{ id: 'call_1', name: 'run_sql', arguments: '{"q":"DROP TABLE x"}', source: 'choices[0].tool_calls', precedingSegments: 0 }]);
});

test('OpenAI Responses stream: deltas, and the done/completed events that repeat the text are masked too', (t) => {
  const text = 'Your code is 1234-5678';
  const body = [
    `event: response.output_text.delta\ndata: ${j({ type: 'response.output_text.delta', output_index: 0, content_index: 0, delta: 'Your code is 1234' })}`,
    `event: response.output_text.delta\ndata: ${j({ type: 'response.output_text.delta', output_index: 0, content_index: 0, delta: '-5678' })}`,
    `event: response.output_text.done\ndata: ${j({ type: 'response.output_text.done', output_index: 0, content_index: 0, text })}`,
    `event: response.completed\ndata: ${j({ type: 'response.completed', response: { output: [{ type: 'message', content: [{ type: 'output_text', text }] }] } })}`,
  ].join('\n\n') + '\n\n';
  const p = parseResponseBody(body, { contentType: 'text/event-stream' });
  t.is(p.format, 'openai.responses');
  t.deepEqual(texts(p), [['assistant', text]]);
  const out = p.render([maskOf(p, 0, '1234-5678', '[CODE]')]);
  t.false(out.includes('5678'), out);
  t.is((out.match(/\[CODE\]/g) ?? []).length, 3);
  t.true(out.startsWith('event: response.output_text.delta\n'));
});

test('Anthropic stream: text blocks and tool input deltas', (t) => {
  const body = [
    'event: message_start', `data: ${j({ type: 'message_start', message: { content: [] } })}`, '',
    'event: content_block_start', `data: ${j({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } })}`, '',
    'event: content_block_delta', `data: ${j({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: '비밀번호는 ' } })}`, '',
    'event: content_block_delta', `data: ${j({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'hunter2 입니다' } })}`, '',
    'event: content_block_start', `data: ${j({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'tu', name: 'lookup', input: {} } })}`, '',
    'event: content_block_delta', `data: ${j({ type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"id": 7}' } })}`, '',
    'event: message_stop', `data: ${j({ type: 'message_stop' })}`, '', '',
  ].join('\n');
  const p = parseResponseBody(body);
  t.is(p.format, 'anthropic.messages');
  t.deepEqual(texts(p), [['assistant', '비밀번호는 hunter2 입니다']]);
  t.deepEqual(p.toolCalls.map((c) => [c.name, c.arguments]), [['lookup', '{"id": 7}']]);
  const out = p.render([maskOf(p, 0, 'hunter2', '[SECRET]')]);
  t.true(out.includes('[SECRET]'));
  t.false(out.includes('hunter2'));
  t.true(out.includes('event: message_stop'));
});

test('Gemini stream (alt=sse)', (t) => {
  const body = sse([
    { candidates: [{ content: { role: 'model', parts: [{ text: 'Hello ' }] } }] },
    { candidates: [{ content: { role: 'model', parts: [{ text: 'world' }] } }] },
  ]);
  const p = parseResponseBody(body, { contentType: 'text/event-stream' });
  t.is(p.format, 'gemini.generate');
  t.deepEqual(texts(p), [['assistant', 'Hello world']]);
  t.is(parseSse(p.render([maskOf(p, 0, 'lo wor', '*')])).events.map((e) => (e.json as { candidates: Array<{ content: { parts: Array<{ text: string }> } }> }).candidates[0]!.content.parts[0]!.text).join('|'), 'Hel*|ld');
});

test('a stream of plain text events and comments', (t) => {
  const body = ': keep-alive\n\ndata: part one\n\nid: 2\ndata: part two\n\n';
  const p = parseResponseBody(body, { contentType: 'text/event-stream' });
  t.is(p.format, 'text');
  t.deepEqual(texts(p), [['assistant', 'part onepart two']]);
  t.is(p.render([maskOf(p, 0, 'one')]), ': keep-alive\n\ndata: part [X]\n\nid: 2\ndata: part two\n\n');
  t.is(p.render([]), body, 'no edits: the stream is returned byte for byte');
});

test('a stream is recognised without a content type', (t) => {
  t.true(parseResponseBody(sse([chatChunk('hi')])).stream);
  t.false(parseResponseBody('data is here').stream);
});
