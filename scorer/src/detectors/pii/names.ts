/**
 * Word lists for finding personal names: Korean surnames, syllables common in Korean given names,
 * titles and labels that sit next to names, and ordinary words that would otherwise pass as names.
 * Compiled for Aegis from general knowledge of Korean naming (no external list was copied).
 */

/** Two-syllable surnames. */
export const COMPOUND_SURNAMES: ReadonlySet<string> = new Set(['남궁', '황보', '제갈', '사공', '선우', '서문', '독고', '동방', '망절', '어금']);

/** One-syllable surnames, roughly by frequency (covers well over 99 % of the population). */
export const SURNAMES: ReadonlySet<string> = new Set(
  [...'김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용예경봉사부가복태목형피두감음빈동온호범좌팽승간상갈시견당화창'],
);

/**
 * Syllables that occur in Korean given names. A candidate's given-name part must consist of these, so
 * "고객", "선생" or "이용" (surname-initial ordinary words) do not read as names.
 */
export const GIVEN_SYLLABLES: ReadonlySet<string> = new Set([
  ...'가각간갑강개건걸겸경계고곤공관광교구국군권귀규균근금기길나난남낭내녀년노농누늘니다단달담대덕도돈동두득등라란람랑래량려련렬령례로록롱뢰료룡루류륜률름리린림립',
  ...'마만말매맹면명모목묘무문미민바박반방배백범법벽변별병보복본봉부분비빈빛사산삼상새색생서석선설섬성세소솔송수숙순술숭슬승시식신실심아악안애야약양어언엄여연열염엽영예오옥온완왕요용우욱운웅원월위유육윤율은을음응의이익인일임입',
  ...'자작잔장재전정제조종주준중즙지직진질집찬창채천철청초춘충치칠탁태택하학한할함항해행향허헌혁현혜호홍화환활황회효후훈휘희힘',
  ...'결겨려령솜슬아나다라마바사린윤율하진',
]);

/**
 * Ordinary words that start with a surname syllable and are built from name syllables: titles, roles,
 * kinship terms and common nouns that appear before 님/씨 or after labels.
 */
export const NOT_NAMES: ReadonlySet<string> = new Set([
  '고객', '선생', '사장', '부장', '과장', '차장', '대리', '주임', '사원', '팀장', '실장', '원장', '교수', '박사', '기사', '작가', '감독', '대표', '회장', '이사', '상무', '전무',
  '부모', '부인', '주인', '주부', '신부', '목사', '장로', '전도', '도사', '공주', '왕자', '하나', '예수', '부처', '임금', '선배', '후배', '형님', '동생', '아우', '언니', '오빠', '누나',
  '이용자', '사용자', '신청자', '구매자', '주문자', '수신자', '발신자', '가입자', '소비자', '관리자', '보호자', '이용', '사용', '신청', '구매', '주문', '가입', '관리',
  '우수', '신규', '기존', '일반', '전체', '해당', '본인', '여러분', '모두', '우리', '저희', '이분', '그분', '어느', '한분', '이번', '지난', '다음', '이후', '이전', '정상', '정보',
  '성명', '이름', '연락', '주소', '전화', '문의', '안내', '공지', '확인', '처리', '진행', '상담', '배송', '결제', '환불', '예약', '변경', '취소', '요청', '등록', '발급', '접수',
  '강사', '간호사', '의사', '변호사', '기자', '학생', '조교', '연구원', '직원', '위원', '위원장', '의원', '시장', '구청장', '군수', '도지사', '국장', '부서', '경찰', '소방',
  '민원', '민원인', '성함', '홍보', '인사', '정책', '기획', '총무', '재무', '회계', '영업', '마케팅', '개발', '운영', '지원', '교육', '연구', '행정', '복지', '보건', '안전',
  '사수', '선임', '후임', '동기', '차단', '수신', '발신', '참조', '주임', '부대', '소대', '중대', '대대',
  '이상', '이하', '이내', '이외', '정도', '조금', '조만간', '방금', '한번', '현재', '오늘', '내일', '어제', '주말', '월요', '금요', '여기', '거기', '저기', '모든', '각자', '서로',
  '주무관', '사무관', '서기관', '입금자', '예금주',
]);

/** Titles and forms of address that follow a name (김민수 씨, 김민수 과장님, 홍길동 고객님). */
export const TITLES_AFTER = [
  '고객님', '회원님', '선생님', '교수님', '박사님', '원장님', '대표님', '사장님', '부장님', '과장님', '차장님', '팀장님', '실장님', '대리님', '주임님', '기사님', '작가님', '감독님', '님',
  '씨', '군', '양', '과장', '부장', '차장', '대리', '주임', '사원', '팀장', '실장', '원장', '대표', '이사', '상무', '전무', '사장', '회장', '교수', '박사', '선생', '변호사', '의사', '간호사',
  '기자', '주무관', '사무관', '서기관', '국장', '위원', '의원', '학생', '환자', '보호자', '어린이', '할머니', '할아버지', '어르신',
];

/** Labels that precede a name (이름: 홍길동, 담당자 김민수, 예금주 이영희). */
export const LABELS_BEFORE = [
  '이름', '성명', '성함', '작성자', '신청인', '신청자', '보호자', '환자명', '환자', '예금주', '수령인', '수취인', '받는분', '받는 분', '보내는분', '보내는 분', '대표자', '대표이사', '대표',
  '담당자', '담당', '민원인', '고객명', '피보험자', '세대주', '의뢰인', '계약자', '가입자', '소유자', '임차인', '임대인', '피의자', '피해자', '고소인', '수신', '발신', '참조', '성명란',
  '학생명', '직원명', '사원명', '지원자', '응시자', '수험자', '주문자', '구매자', '판매자', '신고자', '작성인', '확인자', '결재자', '승인자', '책임자', '연락 담당',
  '입금자명', '입금자', '예금주명', '수령인명', '신청인명', '보호자명', '대리인', '방문자', '참석자', '상담자',
];

/** Endings that Korean attaches to a name: particles, copulas, 님/씨 already handled as titles. */
export const PARTICLES = [
  '입니다', '이에요', '예요', '이고', '이며', '이다', '이라고', '라고', '이랑', '에게서', '에게', '께서', '한테', '하고', '이가', '의', '은', '는', '이', '가', '을', '를', '과', '와', '도', '만', '께', '랑',
];

/** Capitalised words that follow English name cues but are not names (Dear Sir, Name: Required). */
export const EN_NOT_NAMES: ReadonlySet<string> = new Set([
  'Sir', 'Madam', 'Madame', 'Customer', 'Customers', 'Team', 'All', 'Colleagues', 'Friends', 'Hiring', 'Manager', 'Support', 'User', 'Users', 'Valued', 'Member', 'Members',
  'Applicant', 'Client', 'Patient', 'Reader', 'Readers', 'Student', 'Students', 'Parents', 'Everyone', 'Mr', 'Mrs', 'Ms', 'Dr', 'The', 'A', 'An', 'This', 'That', 'Your', 'My',
  'Our', 'His', 'Her', 'Their', 'Not', 'Required', 'Optional', 'Unknown', 'None', 'Name', 'Full', 'First', 'Last', 'Here', 'There', 'It', 'He', 'She', 'They', 'We', 'You', 'I',
]);
