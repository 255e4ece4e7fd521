/**
 * `npm run gen:pii-ko`: writes `bench/pii/ko-pii-synth.jsonl`, a seeded synthetic Korean PII set for
 * `npm run eval:pii`. Every line is `{"text","entities":[{"type","start","end"}],"kind"}` with code-point
 * offsets (all Hangul is in the BMP, so they equal JavaScript indices).
 *
 * What it contains (see bench/README.md): sentences written for Aegis in the style of civil-service
 * requests, chat messages and forms, with values generated to the real rules — resident and foreigner
 * numbers with correct check digits and in the post-2020 random-serial form, corporate and business
 * numbers with correct check digits, passports (old and new), driver licences, bank accounts in each
 * bank's grouping, health insurance numbers, phones in every common writing (including Hangul digits),
 * addresses, names, and a few e-mails, cards, IPs and API keys. Negatives: numbers that fail their
 * check (business numbers, cards), impossible dates, dates, times, amounts, order/invoice/tracking
 * numbers, barcodes, versions, 15xx representative numbers and name-like words without a name.
 * The name and syllable lists here are independent of the detector's lists on purpose.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rng } from '../corpus';

type Entity = { type: string; start: number; end: number };
type Piece = string | { type: string | null; value: string };

const SEED = 20_240_607;
const next = rng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
const digits = (n: number): string => Array.from({ length: n }, () => String(int(0, 9))).join('');
const pad = (x: number, n: number): string => String(x).padStart(n, '0');

// ---- value generators -------------------------------------------------------------------------

function birth(fromYear: number, toYear: number): { yymmdd: string; year: number } {
  const year = int(fromYear, toYear);
  const month = int(1, 12);
  const day = int(1, new Date(Date.UTC(year, month, 0)).getUTCDate());
  return { yymmdd: pad(year % 100, 2) + pad(month, 2) + pad(day, 2), year };
}

function rrnCheck(twelve: string, offset: number): string {
  const w = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
  let s = 0;
  for (let i = 0; i < 12; i++) s += Number(twelve[i]) * (w[i] as number);
  return String((offset - (s % 11)) % 10);
}

function rrn(form: 'valid' | 'random' | 'badDate' | 'foreign'): string {
  if (form === 'random') {
    // Post-October-2020 numbers: birth date and gender digit, then six random digits.
    const b = birth(2020, 2024);
    const yymmdd = b.year === 2020 ? `2010${pad(int(1, 28), 2)}` : b.yymmdd;
    return `${yymmdd}-${pick(['3', '4'])}${digits(6)}`;
  }
  if (form === 'badDate') return `${pad(int(50, 99), 2)}${pick(['13', '00', '14'])}${pad(int(1, 28), 2)}-${pick(['1', '2'])}${digits(6)}`;
  const b = birth(1945, 2019);
  const gender = form === 'foreign' ? (b.year >= 2000 ? pick(['7', '8']) : pick(['5', '6'])) : b.year >= 2000 ? pick(['3', '4']) : pick(['1', '2']);
  const twelve = b.yymmdd + gender + digits(5);
  return `${twelve.slice(0, 6)}-${twelve.slice(6)}${rrnCheck(twelve, form === 'foreign' ? 13 : 11)}`;
}

function crn(): string {
  const twelve = pick(['1101', '1201', '1301', '1311', '1345', '1358', '1401', '1501', '1601', '1701', '1801', '2001', '2301']) + pick(['11', '81', '71', '14', '15']) + digits(6);
  let s = 0;
  for (let i = 0; i < 12; i++) s += Number(twelve[i]) * (i % 2 === 0 ? 1 : 2);
  return `${twelve.slice(0, 6)}-${twelve.slice(6)}${(10 - (s % 10)) % 10}`;
}

function brn(valid: boolean): string {
  const nine = pad(int(101, 899), 3) + pick(['01', '05', '10', '81', '86', '87', '88', '23', '37']) + digits(4);
  const w = [1, 3, 7, 1, 3, 7, 1, 3, 5];
  let s = 0;
  for (let i = 0; i < 9; i++) s += Number(nine[i]) * (w[i] as number);
  s += Math.floor((Number(nine[8]) * 5) / 10);
  let check = (10 - (s % 10)) % 10;
  if (!valid) check = (check + int(1, 9)) % 10;
  const all = nine + check;
  return `${all.slice(0, 3)}-${all.slice(3, 5)}-${all.slice(5)}`;
}

const passport = (): string => (next() < 0.5 ? `${pick(['M', 'M', 'S', 'R'])}${digits(8)}` : `${pick(['M', 'M', 'S'])}${digits(3)}${pick([...'ABCDEFGHJK'])}${digits(4)}`);

function license(): string {
  if (next() < 0.25) return `${pick(['서울', '부산', '경기', '대구', '인천', '광주', '대전', '제주'])} ${digits(2)}-${digits(6)}-${digits(2)}`;
  return `${int(11, 28)}-${digits(2)}-${digits(6)}-${digits(2)}`;
}

const BANKS: ReadonlyArray<{ name: string; groups: number[] }> = [
  { name: 'KB국민은행', groups: [6, 2, 6] },
  { name: '국민은행', groups: [3, 2, 4, 3] },
  { name: '신한은행', groups: [3, 3, 6] },
  { name: '우리은행', groups: [4, 3, 6] },
  { name: '하나은행', groups: [3, 6, 5] },
  { name: 'NH농협', groups: [3, 4, 4, 2] },
  { name: '농협', groups: [6, 2, 6] },
  { name: 'IBK기업은행', groups: [3, 6, 2, 3] },
  { name: '카카오뱅크', groups: [4, 2, 7] },
  { name: '토스뱅크', groups: [4, 4, 4] },
  { name: '우체국', groups: [6, 2, 6] },
  { name: '새마을금고', groups: [4, 2, 6, 1] },
];

function account(): { bank: string; number: string } {
  const b = pick(BANKS);
  const parts = b.groups.map((n, i) => (i === 0 ? String(int(1, 9)) + digits(n - 1) : digits(n)));
  return { bank: b.name, number: next() < 0.85 ? parts.join('-') : parts.join('') };
}

const health = (): string => (next() < 0.6 ? digits(11).replace(/^0/, '1') : `${int(1, 9)}-${digits(10)}`);

function mobile(): string {
  const mid = digits(4);
  const last = digits(4);
  const style = next();
  if (style < 0.6) return `010-${mid}-${last}`;
  if (style < 0.75) return `010${mid}${last}`;
  if (style < 0.85) return `010 ${mid} ${last}`;
  if (style < 0.93) return `+82-10-${mid}-${last}`;
  return `010.${mid}.${last}`;
}

function landline(): string {
  const area = pick(['02', '031', '032', '042', '051', '053', '062', '064', '070']);
  const mid = area === '02' && next() < 0.4 ? digits(3) : digits(4);
  return next() < 0.8 ? `${area}-${mid}-${digits(4)}` : `(${area}) ${mid}-${digits(4)}`;
}

const HANGUL_DIGITS = ['공', '일', '이', '삼', '사', '오', '육', '칠', '팔', '구'];
function spokenMobile(): string {
  const say = (s: string): string => [...s].map((c) => HANGUL_DIGITS[Number(c)]).join('');
  return `${say('010')} ${say(digits(4))} ${say(digits(4))}`;
}

function luhnComplete(prefix: string, length: number): string {
  let body = prefix + digits(length - prefix.length - 1);
  for (let c = 0; c <= 9; c++) {
    const cand = body + c;
    let sum = 0;
    for (let i = 0; i < cand.length; i++) {
      let x = Number(cand[cand.length - 1 - i]);
      if (i % 2 === 1) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
      sum += x;
    }
    if (sum % 10 === 0) return cand;
  }
  body = '';
  return body;
}

function card(valid: boolean): string {
  const n = luhnComplete(pick(['4', '51', '52', '55', '9410', '3560']), 16);
  const last = Number(n[15]);
  const num = valid ? n : n.slice(0, 15) + ((last + int(1, 9)) % 10);
  return next() < 0.7 ? num.replace(/(\d{4})(?=\d)/g, '$1-') : num;
}

const SURNAMES = ['김', '김', '김', '이', '이', '박', '박', '최', '정', '강', '조', '윤', '장', '임', '한', '오', '서', '신', '권', '황', '안', '송', '전', '홍', '유', '고', '문', '양', '손', '배', '백', '허', '남궁', '제갈', '선우'];
const GIVEN = ['민준', '서연', '지훈', '수빈', '도윤', '하은', '예준', '지우', '시우', '서윤', '주원', '지민', '현우', '채원', '건우', '다은', '영희', '철수', '미숙', '정호', '순자', '상철', '경민', '혜진', '동현', '은비', '태양', '가람', '보람', '슬기', '하늘', '나래', '준', '훈', '진', '솔', '빛나', '재석', '광수', '영자', '명숙', '성민', '유진', '소희'];
const fullName = (): string => pick(SURNAMES) + pick(GIVEN);

const CITIES: ReadonlyArray<[string, string[]]> = [
  ['서울특별시', ['강남구', '종로구', '마포구', '송파구', '관악구', '노원구']],
  ['서울', ['서초구', '용산구', '성북구']],
  ['부산광역시', ['해운대구', '부산진구', '수영구']],
  ['경기도 성남시', ['분당구', '수정구']],
  ['경기도 수원시', ['영통구', '팔달구']],
  ['대전광역시', ['유성구', '서구']],
  ['세종특별자치시', ['']],
  ['제주특별자치도 제주시', ['']],
  ['경상북도 포항시', ['남구', '북구']],
];
const ROADS = ['테헤란로', '세종대로', '판교역로', '올림픽로', '한누리대로', '센텀중앙로', '대학로', '월드컵북로', '중앙로', '도움6로', '동탄대로', '노형로'];
const DONGS = ['역삼동', '청운동', '신촌동', '와우리', '봉명동', '우동', '연동', '삼성동', '상도동'];

function address(): string {
  const [city, gus] = pick(CITIES);
  const gu = pick(gus);
  const head = gu ? `${city} ${gu}` : city;
  if (next() < 0.65) {
    const road = pick(ROADS) + (next() < 0.25 ? `${int(1, 30)}길` : '');
    const detail = pick(['', '', `, ${int(1, 20)}층`, ` ${int(101, 115)}동 ${int(101, 1502)}호`, ` (${pick(DONGS)})`]);
    return `${head} ${road} ${int(1, 400)}${detail}`;
  }
  return `${head} ${pick(DONGS)} ${int(1, 999)}-${int(1, 99)}${next() < 0.4 ? '번지' : ''}`;
}

const email = (): string => `${pick(['hong', 'minjun.kim', 'seoyeon_lee', 'jhpark88', 'civil.office'])}${int(1, 99)}@${pick(['naver.com', 'daum.net', 'gmail.com', 'korea.kr', 'example.co.kr'])}`;
const ip = (): string => `${int(1, 223)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`;
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const token = (n: number): string => Array.from({ length: n }, () => B62[int(0, 61)]).join('');
const apiKey = (): string => pick([`sk-proj-${token(40)}`, `AKIA${token(16).toUpperCase().replace(/[^A-Z2-7]/g, 'Q')}`, `ghp_${token(36)}`, `AIza${token(35)}`, `sk-ant-api03-${token(90)}`]);

// ---- templates --------------------------------------------------------------------------------

const e = (type: string | null, value: string): Piece => ({ type, value });

type Template = () => Piece[];

const POSITIVE: Readonly<Record<string, Template[]>> = {
  KR_RRN: [
    () => ['주민등록번호는 ', e('KR_RRN', rrn('valid')), ' 입니다.'],
    () => ['본인 확인을 위해 주민번호 ', e('KR_RRN', rrn('valid')), '를 입력했는데 오류가 나요'],
    () => ['신청인: ', e('PERSON', fullName()), ' (', e('KR_RRN', rrn('valid')), ')'],
    () => ['아이 주민등록번호가 ', e('KR_RRN', rrn('random')), '인데 출생신고가 됐는지 확인해 주세요'],
    () => ['2021년생 아기 번호 ', e('KR_RRN', rrn('random')), ' 로 예방접종 조회 가능한가요?'],
    () => ['제 번호 ', e('KR_RRN', rrn('valid').replace('-', '')), ' 로 조회해 주세요'],
    () => ['주민등록번호 ', e('KR_RRN', rrn('valid').replace('-', '')), ' 확인 부탁드립니다'],
    () => [e('KR_RRN', rrn('valid')), ' 이 번호로 등본 발급 가능할까요?'],
    () => ['생년월일과 뒷자리 포함 ', e('KR_RRN', rrn('valid')), ' 입니다'],
  ],
  KR_FRN: [
    () => ['외국인등록번호: ', e('KR_FRN', rrn('foreign'))],
    () => ['제 외국인 등록번호는 ', e('KR_FRN', rrn('foreign')), '이고 비자 연장 문의드립니다'],
    () => ['Alien registration number ', e('KR_FRN', rrn('foreign')), ' please check my visa status'],
  ],
  KR_CRN: [
    () => ['법인등록번호 ', e('KR_CRN', crn()), ' 로 등기부등본을 떼어 주세요'],
    () => ['당사 법인번호는 ', e('KR_CRN', crn()), '입니다.'],
  ],
  KR_BRN: [
    () => ['사업자등록번호 ', e('KR_BRN', brn(true)), ' 휴폐업 조회 부탁드립니다'],
    () => ['세금계산서 발행 정보: 사업자번호 ', e('KR_BRN', brn(true)), ', 대표 ', e('PERSON', fullName())],
    () => ['거래처(', e('KR_BRN', brn(true)), ')에 대금을 지급했습니다'],
    () => ['사업자 등록번호: ', e('KR_BRN', brn(true).replace(/-/g, ''))],
  ],
  KR_PASSPORT: [
    () => ['여권번호 ', e('KR_PASSPORT', passport()), ' 로 항공권 예약했어요'],
    () => ['Passport No. ', e('KR_PASSPORT', passport())],
    () => ['새로 발급받은 여권은 ', e('KR_PASSPORT', passport()), ' 입니다'],
  ],
  KR_DRIVER_LICENSE: [
    () => ['운전면허번호 ', e('KR_DRIVER_LICENSE', license()), ' 적성검사 기간 알려주세요'],
    () => ['면허증 번호가 ', e('KR_DRIVER_LICENSE', license()), '인데 갱신해야 하나요'],
    () => ['driver license ', e('KR_DRIVER_LICENSE', license())],
  ],
  KR_BANK_ACCOUNT: [
    () => {
      const a = account();
      return [`환불은 ${a.bank} `, e('KR_BANK_ACCOUNT', a.number), ' 계좌로 부탁드려요'];
    },
    () => {
      const a = account();
      return ['입금 계좌: ', `${a.bank} `, e('KR_BANK_ACCOUNT', a.number), ' (예금주 ', e('PERSON', fullName()), ')'];
    },
    () => {
      const a = account();
      return ['계좌번호 ', e('KR_BANK_ACCOUNT', a.number), ` ${a.bank}으로 송금했습니다`];
    },
  ],
  KR_HEALTH_INSURANCE: [
    () => ['건강보험증 번호 ', e('KR_HEALTH_INSURANCE', health()), ' 로 자격 조회 부탁드립니다'],
    () => ['피보험자 ', e('PERSON', fullName()), ', 건강보험 번호 ', e('KR_HEALTH_INSURANCE', health())],
  ],
  PHONE: [
    () => ['연락처는 ', e('PHONE', mobile()), ' 입니다'],
    () => ['휴대폰 ', e('PHONE', mobile()), '로 문자 주세요'],
    () => [e('PHONE', mobile()), ' 으로 연락 부탁드립니다'],
    () => ['사무실 전화 ', e('PHONE', landline()), ', 팩스 ', e('PHONE', landline())],
    () => ['제 번호는 ', e('PHONE', spokenMobile()), ' 이에요'],
    () => ['담당자 ', e('PERSON', fullName()), ' 주무관 (', e('PHONE', landline()), ')'],
    () => ['급하면 ', e('PHONE', mobile()), ' 로 전화해'],
    () => ['Call me at ', e('PHONE', `+82 10 ${digits(4)} ${digits(4)}`), ' tomorrow'],
  ],
  KR_ADDRESS: [
    () => ['주소: ', e('KR_ADDRESS', address())],
    () => [e('KR_ADDRESS', address()), '로 택배 보내 주세요'],
    () => ['저는 ', e('KR_ADDRESS', address()), '에 살고 있습니다'],
    () => ['배송지를 ', e('KR_ADDRESS', address()), '(으)로 변경해 주세요'],
  ],
  PERSON: [
    () => ['이름: ', e('PERSON', fullName())],
    () => ['성명 ', e('PERSON', fullName()), ', 연락처 ', e('PHONE', mobile())],
    () => [e('PERSON', fullName()), ' 고객님, 문의하신 내용 답변드립니다.'],
    () => ['안녕하세요 ', e('PERSON', fullName()), '님, 예약이 확정되었습니다'],
    () => ['저는 ', e('PERSON', fullName()), '입니다. 민원 접수 부탁드립니다'],
    () => [e('PERSON', fullName()), ' 씨가 어제 방문했어요'],
    () => ['담당자: ', e('PERSON', fullName()), ' 과장'],
    () => ['예금주 ', e('PERSON', fullName()), ' 확인했습니다'],
    () => ['보호자 ', e('PERSON', fullName()), '께서 동의서를 제출하셨습니다'],
    () => ['수신: ', e('PERSON', fullName()), ' 팀장님'],
  ],
  OTHER: [
    () => ['메일 ', e('EMAIL', email()), ' 으로 서류 보내드렸어요'],
    () => ['카드번호 ', e('CREDIT_CARD', card(true)), ' 결제 취소 요청합니다'],
    () => ['접속 IP ', e('IP_ADDRESS', ip()), ' 에서 로그인 실패가 반복됩니다'],
    () => ['이 키 써서 호출해줘 ', e('API_KEY', apiKey())],
    () => ['OPENAI_API_KEY=', e('API_KEY', apiKey())],
  ],
};

/** Look-alikes: nothing in them is personal data. */
const NEGATIVE: Template[] = [
  () => [`회의는 ${2020 + int(0, 5)}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)} ${pad(int(9, 18), 2)}:${pick(['00', '30'])}에 시작합니다`],
  () => [`${2020 + int(0, 5)}.${pad(int(1, 12), 2)}.${pad(int(1, 28), 2)}까지 제출해 주세요`],
  () => [`${2020 + int(0, 5)}년 ${int(1, 12)}월 ${int(1, 28)}일 오후 ${int(1, 11)}시 ${int(0, 59)}분`],
  () => [`주문번호 ${2024}${pad(int(1, 12), 2)}${pad(int(1, 28), 2)}${digits(5)} 배송 조회 부탁드려요`],
  () => [`주문번호 ORD-${2024}${pad(int(1, 12), 2)}${pad(int(1, 28), 2)}-${digits(4)} 취소해 주세요`],
  () => [`송장번호 ${digits(4)}-${digits(4)}-${digits(4)} 로 조회가 안 됩니다`],
  () => [`인보이스 INV-${2024}-${digits(4)} 금액 확인 부탁드립니다`],
  () => [`결제 금액은 ${int(1, 99)},${digits(3)},${digits(3)}원 입니다`],
  () => [`예산 ₩${int(1, 9)},${digits(3)},${digits(3)},000 중 집행액 $${int(1, 999)},${digits(3)}.${digits(2)}`],
  () => [`버전 ${int(1, 20)}.${int(0, 9)}.${int(0, 30)} 으로 업데이트했어요 (v${int(1, 5)}.${int(0, 9)}.${int(0, 9)})`],
  () => [`Windows ${int(10, 11)}.0.${int(19000, 26000)}.${int(1000, 5000)} 빌드에서 오류`],
  () => [`고객센터 대표번호 ${pick(['1588', '1577', '1544', '1644', '1661', '1899', '1600'])}-${digits(4)} 로 문의하세요`],
  () => [`카드번호 ${card(false)} 가 맞나요? 결제가 거절됩니다`],
  () => [`사업자등록번호 ${brn(false)} 로 조회하니 없는 번호라고 나와요`],
  () => [`주민등록번호 ${rrn('badDate')} 형식이 맞지 않는다고 떠요`],
  () => [`상품 바코드 880${digits(10)} 재고 확인`],
  () => [`고객님, 문의해 주셔서 감사합니다. 담당 부서에서 확인 후 연락드리겠습니다.`],
  () => [`선생님께서 말씀하신 자료는 다음 주에 공유하겠습니다.`],
  () => [`과장님 보고서 검토 부탁드립니다. 이번 주 금요일까지입니다.`],
  () => [`신규 회원님께 쿠폰 ${int(1, 9)}장을 드립니다`],
  () => [`강남역 ${int(1, 12)}번 출구에서 ${int(1, 30)}분 거리입니다`],
  () => [`서울로 ${int(2, 5)}번 출장 다녀왔어요`],
  () => [`${int(1, 3)}호선 환승 후 ${int(2, 9)}정거장 이동`],
  () => [`ISBN 978-89-${digits(4)}-${digits(3)}-${int(0, 9)} 도서를 신청합니다`],
  () => [`문서번호 행정-${2024}-${digits(5)} 공문 확인`],
  () => [`제품 모델명 SM-S${int(900, 999)}N 시리얼 R${digits(2)}${'ABCDEFG'[int(0, 6)]}${digits(6)}`],
  () => [`접수번호 ${digits(3)}-${digits(4)}-${digits(4)} 민원이 처리되었습니다`],
  () => [`오늘 기온은 ${int(10, 30)}.${int(0, 9)}도, 습도 ${int(30, 90)}%입니다`],
  () => [`좌표 ${int(33, 38)}.${digits(6)}, ${int(126, 129)}.${digits(6)}`],
  () => [`예약번호 ${digits(6)}-${digits(7)} 확인 부탁`],
];

function render(pieces: Piece[]): { text: string; entities: Entity[] } {
  let text = '';
  const entities: Entity[] = [];
  for (const p of pieces) {
    if (typeof p === 'string') {
      text += p;
      continue;
    }
    const start = [...text].length;
    text += p.value;
    if (p.type !== null) entities.push({ type: p.type, start, end: start + [...p.value].length });
  }
  return { text, entities };
}

function main(): void {
  const lines: string[] = [];
  const write = (pieces: Piece[], kind: string): void => void lines.push(JSON.stringify({ ...render(pieces), kind }));
  const perType: Readonly<Record<string, number>> = {
    KR_RRN: 120, KR_FRN: 60, KR_CRN: 60, KR_BRN: 80, KR_PASSPORT: 60, KR_DRIVER_LICENSE: 60, KR_BANK_ACCOUNT: 80, KR_HEALTH_INSURANCE: 50,
    PHONE: 160, KR_ADDRESS: 100, PERSON: 160, OTHER: 60,
  };
  for (const [type, n] of Object.entries(perType)) {
    const templates = POSITIVE[type] as Template[];
    for (let i = 0; i < n; i++) write(pick(templates)(), 'positive');
  }
  for (let i = 0; i < 500; i++) write(pick(NEGATIVE)(), 'negative');
  // Shuffle deterministically so types are interleaved.
  for (let i = lines.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [lines[i], lines[j]] = [lines[j] as string, lines[i] as string];
  }
  const out = join(__dirname, '..', '..', '..', 'bench', 'pii', 'ko-pii-synth.jsonl');
  writeFileSync(out, `${lines.join('\n')}\n`);
  process.stdout.write(`${JSON.stringify({ wrote: out, lines: lines.length, seed: SEED })}\n`);
}

main();
