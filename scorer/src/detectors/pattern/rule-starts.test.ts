import test from 'ava';
import { fixture } from '../../../../test/helpers';
import { normalizeText, scanViews } from '../../normalize';
import { ALL_RULES } from '.';
import { startPrefixes } from './rule-starts';

test('start prefixes: alternatives branch, gaps and repeats end a prefix, optional parts give both paths, shorter prefixes absorb longer ones', (t) => {
  t.deepEqual(startPrefixes(/\b(?:ignor(?:e|ing)|set[\s_-]*aside|forget(?:ting)?)\s+x/g), ['set', 'forget', 'ignore', 'ignoring']);
  t.deepEqual(startPrefixes(/\b(?:drop|dropping|delete)[\s_-]*all/g), ['drop', 'delete']);
  t.deepEqual(startPrefixes(/(?:이전|지시사항)의/g), ['이전', '지시']); // two syllables are selective enough
  t.deepEqual(startPrefixes(/\b(?:the )?above/g), ['above', 'the ab']);
  t.deepEqual(startPrefixes(/\be-?mail/g), ['email', 'e-mail']);
});

test('start prefixes: no prefix when a match could start anywhere or flags change literals', (t) => {
  t.is(startPrefixes(/\b(?:\w+ )?above/g), undefined); // any word first
  t.is(startPrefixes(/[a-z]+ing/g), undefined); // class first
  t.deepEqual(startPrefixes(/(?:^|\n)system:/g), ['\nsyste', 'system']); // `^` consumes nothing
  t.is(startPrefixes(/(?:^|\n)\s*system:/g), undefined); // an alternative with no literal
  t.is(startPrefixes(/\b(?:ai|bot)[\s_-]*mode/g), undefined); // too short to be selective
  t.is(startPrefixes(/<\|\s*im_start/g), undefined);
  t.is(startPrefixes(/ignore all/gi), undefined); // case-insensitive
  t.is(startPrefixes(/(?=ignore)\w+/g), undefined); // lookahead first
});

test('every match of a rule with start prefixes starts with one of them', (t) => {
  const attacks = fixture<{ cases: Array<{ text: string }> }>('attacks.json').cases.map((c) => c.text);
  const benign = fixture<{ cases: string[] }>('benign.json').cases;
  let checked = 0;
  for (const rule of ALL_RULES) {
    const prefixes = startPrefixes(rule.re);
    if (prefixes === undefined) continue;
    for (const text of [...attacks, ...benign]) {
      for (const view of scanViews(normalizeText(text))) {
        for (const m of view.text.matchAll(rule.re)) {
          checked++;
          t.true(prefixes.some((p) => view.text.startsWith(p, m.index)), `${rule.id} matched "${m[0]}" without a start prefix`);
        }
      }
    }
  }
  t.true(checked > 50, `only ${checked} matches checked`);
});
