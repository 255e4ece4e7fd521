/**
 * Korean addresses. Road-name addresses (도로명주소: "서울특별시 강남구 테헤란로 123, 4층") anchor on a
 * road name ending in 로/길 followed by a building number; lot-number addresses (지번주소: "경기도 화성시
 * 봉담읍 와우리 123-4번지") on a 동/리/가 followed by a lot number. The span grows left over the
 * administrative divisions before the anchor and right over unit details (동/호/층, a parenthesised 동).
 */
import { ContextWords } from './context';
import { eachMatch, nearDigits } from './matching';
import type { Recogniser } from './types';

/** Anchors start at the road or area suffix (a literal V8 can skip to); the name is found leftwards. */
const ROAD = nearDigits('(?:대로|로|길)\\s?\\d{1,5}(?:-\\d{1,4})?(?![0-9]|번?길|가)', { first: '대로길', back: 3 });
const LOT = nearDigits('(?:동|리|가)\\s?(?:산\\s?)?\\d{1,5}(?:-\\d{1,4})?(?:\\s?번지)?(?![0-9])', { first: '동리가', back: 4 });
const HANGUL_OR_DIGIT = /[가-힣0-9]/;
/** 서울특별시, 경기도, 성남시, 분당구, 봉담읍, 와우리 … and the short forms of provinces. */
const ADMIN = /^(?:[가-힣]+(?:특별시|광역시|특별자치시|특별자치도|도|시|군|구|읍|면|동|리)|서울|부산|대구|인천|광주|대전|울산|세종|경기|강원|충북|충남|전북|전남|경북|경남|제주)$/;
/** Counters after a number mean the number is a count, not a building: "서울로 3번 갔다", "집으로 10분". */
const COUNTER = /^(?:\s?(?:번|개|명|분|초|시|일|월|년|원|회|차|배|살|세|위|등|점|권|대|마리|가지|시간|주|퍼센트|%|km|kg|m\b))/;
/** Unit details after the number: ", 101동 202호", " 4층", "(역삼동)", " B1". */
const DETAIL = /^(?:\s?,?\s?(?:\d{1,4}동\s?)?\d{1,5}호|\s?,?\s?(?:지하\s?)?\d{1,3}층|\s?\([가-힣0-9,\s]{2,30}\)|\s?,?\s?[A-Z]?\d{1,4}-\d{1,4}호)/;
const CONTEXT = new ContextWords(['주소', '거주', '거주지', '사는 곳', '배송지', '소재지', '주소지', '자택', '집', '본적', '등록기준지', '우편', 'address', '위치']);

export const addresses: Recogniser = {
  id: 'kr-address',
  types: ['KR_ADDRESS'],
  applies: (i) => i.hasHangul && i.hasDigit,
  scan({ text }, emit) {
    const found = (m: RegExpExecArray, road: boolean): void => {
      const anchorEnd = m.index + m[0].length;
      if (COUNTER.test(text.slice(anchorEnd, anchorEnd + 6))) return;
      // The road or area name: the Hangul (and digit) run that ends with the suffix, starting with Hangul.
      let nameStart = m.index;
      while (nameStart > 0 && HANGUL_OR_DIGIT.test(text[nameStart - 1] as string)) nameStart--;
      while (nameStart < m.index && /[0-9]/.test(text[nameStart] as string)) nameStart++;
      if (nameStart === m.index) return;
      const name = text.slice(nameStart, m.index + (m[0].startsWith('대로') ? 2 : 1));
      if (road && name.endsWith('으로')) return;
      if (!road && /[0-9]/.test(name.slice(0, -1).replace(/[0-9]+$/, '')) ) return;
      let start = nameStart;
      let admins = 0;
      // Walk left over space-separated administrative divisions.
      for (let k = 0; k < 5; k++) {
        let i = start;
        while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === ',')) i--;
        let j = i;
        while (j > 0 && /[가-힣0-9]/.test(text[j - 1] as string)) j--;
        if (j === i || !ADMIN.test(text.slice(j, i))) break;
        start = j;
        admins++;
      }
      let end = anchorEnd;
      for (let k = 0; k < 3; k++) {
        const d = DETAIL.exec(text.slice(end, end + 40));
        if (!d) break;
        end += d[0].length;
      }
      const context = CONTEXT.near(text, start, end, 24, 8);
      let score: number;
      if (road) score = admins >= 1 ? 0.85 : context ? 0.75 : 0.45;
      else score = admins >= 1 ? 0.8 : context ? 0.7 : 0.3;
      emit({ type: 'KR_ADDRESS', start, end, score });
    };
    eachMatch(ROAD, text, (m) => found(m, true));
    eachMatch(LOT, text, (m) => found(m, false));
  },
};
