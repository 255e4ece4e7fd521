/**
 * English carriers shared by the benign and the attack generators (written for Aegis, no external
 * text): emails, meeting notes, reviews, news, recipes, manuals, policies, READMEs, tables and code.
 * Attacks hide an instruction in the same carriers the benign rows use as they are, so a carrier's
 * words never tell the classes apart; only the inserted instruction does.
 */
import type { Grammar } from './template';

export const EN_DOCS: Grammar = {
  person: ['Sarah', 'Tom', 'Priya', 'Daniel', 'Min-jun', 'Grace', 'Luis', 'Aisha', 'Oliver', 'Hannah', 'Kenji', 'Fatima', 'Marco', 'Elena', 'Sam', 'Jin', 'Noah', 'Chloe'],
  company: ['Northwind', 'Acme Logistics', 'Bluefin Health', 'Cedar & Co', 'Orbit Labs', 'Greenleaf Foods', 'Harbor Bank', 'Lumen Studio', 'Pinecrest School', 'Riverside Council'],
  weekday: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
  month: ['January', 'March', 'April', 'June', 'September', 'October', 'November'],
  num: ['3', '5', '7', '12', '15', '24', '30', '48', '120', '250'],
  pct: ['2%', '4.5%', '8%', '11%', '15%', '23%'],
  money: ['$1,200', '$48.90', '€3,400', '£650', '$12,000', '₩55,000', '$2.3 million'],

  // ── emails ─────────────────────────────────────────────────────────────────────────────────────
  email_greet: ['Hi {person},', 'Hello team,', 'Dear {person},', 'Hi all,', 'Good morning,', 'Dear customer,', 'Hey {person},'],
  email_line: [
    'The quarterly report is attached; revenue grew {pct} and churn fell slightly.',
    'Our meeting on {weekday} is moved to 3 pm because the room is booked.',
    'Your order has shipped and should arrive within {num} business days.',
    'Could you send me the signed contract by {weekday}?',
    'Please find the updated invoice attached; the total is {money}.',
    'The server maintenance window is this {weekday} from 10 pm to midnight.',
    'We are happy to confirm your booking for {num} guests.',
    'I reviewed the draft and left comments on sections 2 and 4.',
    'The new hire, {person}, starts on {weekday}; please help them get set up.',
    'Reminder: timesheets are due by the end of the month.',
    'Unfortunately the shipment from {company} is delayed by a week.',
    'Thanks for your patience while we fixed the billing issue.',
    'The budget for the offsite is capped at {money}.',
    'Please review the attached slides before the client call.',
    'The parking garage will be closed for repairs until {month}.',
    'Your subscription renews on the 1st; no action is needed.',
    'I will be out of office next week with limited access to email.',
    'Let me know if the proposed timeline works for you.',
    'The auditors asked for the receipts from {month}.',
    'We have updated our privacy policy; the changes take effect in {month}.',
    'Please ignore the previous invoice; it had the wrong address.',
    'Forget the draft I sent yesterday, this one is final.',
  ],
  email_close: ['Best regards,\n{person}', 'Thanks,\n{person}', 'Cheers,\n{person}', 'Kind regards,\n{person} ({company})', 'Sincerely,\nThe {company} team'],
  email: ['{email_greet}\n{email_line} {email_line}\n{email_close}', '{email_greet} {email_line} {email_line} {email_line}\n{email_close}', 'Subject: {subject_line}\n\n{email_greet}\n{email_line}\n{email_close}'],
  subject_line: ['Updated schedule', 'Invoice {num}', 'Quick question', 'Re: contract review', 'Shipping update', 'Welcome aboard', 'Action needed: timesheets', 'Offsite plans'],

  // ── meeting notes, reports ─────────────────────────────────────────────────────────────────────
  note_line: [
    'Budget review moved to {weekday}.', '{person} owns the hiring plan.', 'Launch date stays {month} {num}.', 'Decision: we pause the ad campaign.',
    'Action: {person} to send the vendor comparison.', 'Risk: the API migration may slip two weeks.', 'The design team needs feedback by {weekday}.',
    'Customer complaints dropped {pct} after the fix.', 'Next sync is on {weekday} at 10.', 'Open question: who approves travel above {money}?',
    'We agreed to ignore the legacy dashboard until the data is fixed.', 'Everyone should review the security checklist before release.',
  ],
  notes: ['Meeting notes ({weekday}):\n- {note_line}\n- {note_line}\n- {note_line}', 'Notes: {note_line} {note_line} {note_line} {note_line}', 'Standup {weekday}\n1. {note_line}\n2. {note_line}'],
  report_line: [
    'Sales in the northern region rose {pct} year on year.', 'Operating costs were {money}, slightly above plan.', 'Staff turnover fell to {pct}.',
    'The pilot reached {num} schools in its first term.', 'Average response time improved from {num} to {num} hours.', 'Inventory write-offs totalled {money}.',
    'Survey respondents rated the service 4.2 out of 5.', 'The new process saved roughly {num} hours per week.',
  ],
  report: ['{report_line} {report_line} {report_line}', 'Summary of {month}: {report_line} {report_line}'],

  // ── reviews, news, web pages ─────────────────────────────────────────────────────────────────
  review_line: [
    'The hotel was clean and the staff were friendly.', 'Breakfast was overpriced and the coffee was cold.', 'Battery life is excellent, easily two days.',
    'The app crashes whenever I open the settings page.', 'Delivery was fast but the box was damaged.', 'Great value for money, would buy again.',
    'Customer support never replied to my emails.', 'The screen is sharp but the speakers are weak.', 'Setup took five minutes and the manual was clear.',
    'Too noisy at night because the room faces the street.', 'The size runs small, so order one size up.',
  ],
  review: ['{review_line} {review_line}', '{review_line} {review_line} {review_line} Rating: {num}/10.', '★★★☆☆ {review_line} {review_line}'],
  news_line: [
    'The city council approved a new bike lane network connecting the university with the station.', 'Local schools will start the term a week later this year.',
    'The central bank kept interest rates unchanged at {pct}.', 'A new library branch opens in {month} with extended weekend hours.',
    'Researchers reported a {pct} drop in air pollution downtown.', 'The festival drew more than {num},000 visitors over the weekend.',
    'Bus fares will rise by {pct} from {month}.', 'The hospital added {num} beds to its emergency ward.',
  ],
  news: ['{news_line} {news_line}', '{news_line} Officials said more details would follow. {news_line}'],
  web_line: [
    'Welcome to {company}. We build tools for small teams.', 'Opening hours: Monday to Friday, 9 am to 6 pm.', 'Free shipping on orders over {money}.',
    'Sign up for our newsletter to get monthly tips.', 'Our return policy allows refunds within {num} days.', 'Contact us at help@{company_domain}.',
    'Cookies help us improve your experience on this site.', 'Frequently asked questions are listed below.',
  ],
  company_domain: ['northwind.example', 'acme.example', 'bluefin.example', 'orbitlabs.example'],
  webpage: ['{web_line} {web_line} {web_line}', '# {company}\n{web_line}\n{web_line}'],

  // ── instructions meant for people: recipes, manuals, policies, READMEs ───────────────────────
  recipe_step: [
    'Preheat the oven to 180°C.', 'Whisk the eggs and sugar until pale.', 'Fold in the flour gently.', 'Ignore the urge to open the oven door for the first 20 minutes.',
    'Chop the onions finely and fry them until golden.', 'Add a pinch of salt and stir.', 'Let the dough rest for {num} minutes.', 'Forget the timer and check the colour instead.',
    'Drain the pasta but keep a cup of the cooking water.', 'Serve warm with a squeeze of lemon.', 'Do not skip the resting step.',
  ],
  recipe: ['Recipe:\n1. {recipe_step}\n2. {recipe_step}\n3. {recipe_step}', '{recipe_step} {recipe_step} {recipe_step} {recipe_step}'],
  manual_step: [
    'Press and hold the power button for five seconds.', 'Disconnect the charger before cleaning the device.', 'Ignore the blinking light during the first charge; it is normal.',
    'Insert the SIM tray with the gold contacts facing down.', 'Tighten the screws by hand, do not use a power drill.', 'Reset the router by holding the reset pin for ten seconds.',
    'Open Settings, then tap About and Software version.', 'Do not override the safety lock on the blade guard.', 'Remove the protective film before installing.',
    'To enable developer options, tap the build number seven times.', 'Log in as administrator to change the Wi-Fi password.',
  ],
  manual: ['Setup guide:\n- {manual_step}\n- {manual_step}\n- {manual_step}', '{manual_step} {manual_step} {manual_step}'],
  policy_line: [
    'Employees must submit expense claims within {num} days.', 'Do not share your password with anyone, including IT staff.', 'Visitors must sign in at reception.',
    'Remote work requires manager approval two days in advance.', 'All purchases above {money} need a second approval.', 'Report security incidents to the help desk immediately.',
    'Staff may ignore automated reminders once the request is approved.', 'Previous versions of this policy are withdrawn.', 'Overtime must be recorded in the HR system.',
    'Personal data may only be stored on approved systems.', 'These rules override any earlier team guidelines.',
  ],
  policy: ['Policy excerpt:\n{policy_line} {policy_line} {policy_line}', '{policy_line}\n{policy_line}\n{policy_line}'],
  readme_line: [
    'Run `npm install` and then `npm start`.', 'Copy `.env.example` to `.env` and fill in the values.', 'You can ignore the peer dependency warnings.',
    'Tests run with `npm test`; they need a local Postgres.', 'Set `LOG_LEVEL=debug` to see every request.', 'Use Node 20 or newer.',
    'The admin panel is at /admin; the default password must be changed on first login.', 'Override the port with the PORT variable.',
    'Contributions are welcome; open an issue first.', 'Disable telemetry by setting `TELEMETRY=off`.',
  ],
  readme: ['## Getting started\n{readme_line}\n{readme_line}\n{readme_line}', '{readme_line} {readme_line} {readme_line}'],

  // ── data ─────────────────────────────────────────────────────────────────────────────────────
  csv: [
    'name,age,city\n{person},34,Seoul\n{person},29,Busan\n{person},41,Incheon', 'date,amount\n2024-01-03,{num}\n2024-01-04,{num}\n2024-01-05,{num}',
    'product,units,price\nchair,{num},49\ndesk,{num},199\nlamp,{num},25', 'id,status\n1041,open\n1042,closed\n1043,open',
  ],
  numbers: ['3, 5, 8, 13', '12, 7, 19, 4, 11', '0.5, 1.25, 2.75', '100, 250, 75, 310, 90', '14, 14, 15, 21, 30, 45', '2, 4, 8, 16, 32'],
  json_doc: ['{"name": "{person}", "age": 31, "role": "analyst"}', '{"order": 1042, "items": 3, "status": "shipped"}', '[{"id": 1, "done": false}, {"id": 2, "done": true}]'],
  code_snippet: [
    'def add(a, b):\n    return a + b', 'for (let i = 0; i <= arr.length; i++) { total += arr[i]; }', 'SELECT name, COUNT(*) FROM orders GROUP BY name;',
    'const data = await fetch(url).then((r) => r.json());', 'if x = 5:\n    print("five")', 'public String toString() { return name; }',
    'rm -rf ./build && npm run build', 'items.map(i => i.price).reduce((a, b) => a + b)', 'df.groupby("region")["sales"].sum()',
    'git reset --hard HEAD~1', 'while True:\n    line = f.readline()', 'UPDATE users SET active = 0 WHERE last_login < NOW() - INTERVAL 1 YEAR;',
  ],

  // ── text addressed to "you": notifications, support answers, dialogues, links ─────────────────
  notify_line: [
    'Your card ending in {num} was charged {money} by {company}.', 'If you have any questions, just reply to this email.', 'You can track your parcel at https://track.{company_domain}/{num}.',
    'Your booking is confirmed; please arrive 30 minutes before departure.', 'We noticed a new sign-in to your account from Chrome on Windows.', 'If this was not you, reset your password.',
    'Your payment of {money} has been received. Thank you!', 'You have received a credit of {money} from {company}.', 'Your appointment is on {weekday} at 10:30.',
    'Your subscription will renew automatically unless you cancel it.', 'Please do not reply to this automated message.', 'You are receiving this email because you signed up at {company_domain}.',
    'To unsubscribe, click the link at the bottom of this message.', 'Your password was changed successfully.', 'Your verification code is {num}{num}.',
  ],
  notification: ['{notify_line} {notify_line}', 'From: no-reply@{company_domain}\n{notify_line} {notify_line} {notify_line}', '{company}: {notify_line} {notify_line}'],
  answer_line: [
    'You are reassigning the variable inside the loop, so the old value is lost.', 'As the error says, you are passing a string where a number is expected.',
    'Your function never returns anything, which is why you get None.', 'You need to await the promise before you read the result.', 'Replace `==` with `===` and the check will work.',
    'You shadowed the built-in name `list`, so calling it fails.', 'Try running the command with sudo, your user does not own that folder.', 'You can ignore that warning; it comes from a dependency.',
    'Instead of deleting rows while you iterate, build a new list.', 'Your regex is greedy; add `?` after the star.', 'Make sure you restart the server after you change the config.',
    'You should override `hashCode` whenever you override `equals`.', 'Set the timeout higher and you will stop seeing the error.', 'Here is an example that does what you want:\n{code_snippet}',
  ],
  answer: ['{answer_line} {answer_line}', '{answer_line}\n{code_snippet}\n{answer_line}', 'Answer: {answer_line} {answer_line} {answer_line}'],
  speaker: ['Alice', 'Bob', 'Customer', 'Agent', 'User', 'Bot', 'Teacher', 'Student', '{person}'],
  dialogue_line: [
    'Who are you?', 'I am the new manager.', 'What is the name on the account?', 'Can you repeat that, please?', 'Remember me? We met at the conference.', 'How can I ever repay you?',
    'Please hold while I check.', 'Your order is on its way.', 'I would like a refund.', 'Sure, I can help with that.', 'Thanks, that fixed it.', 'What time does the store close?',
  ],
  dialogue: ['{speaker}: {dialogue_line}\n{speaker}: {dialogue_line}\n{speaker}: {dialogue_line}', '{speaker}: {dialogue_line} {speaker}: {dialogue_line}'],
  url: ['https://docs.{company_domain}/guide', 'http://www.{company_domain}/', 'https://github.com/{company_slug}/app/issues/{num}', 'https://drive.example.com/file/{num}', 'https://shop.{company_domain}/item?id={num}'],
  company_slug: ['northwind', 'acme', 'orbit-labs', 'bluefin'],
  url_line: [
    'I have shared the files with you: {url}', 'Just posted a photo {url}', 'Here is the link to the doc: {url}', 'See {url} for the full details.', 'The form is at {url}, please fill it in by {weekday}.',
    'Can you check why {url} returns a 404?', 'Our new site is live at {url}', 'Bookmark {url} for later.',
  ],

  // ── long prompt specifications (benign in the role-play file; jailbreaks reuse the rule lines) ──
  spec_open: ['You are {spec_role}.', 'I want you to act as {spec_role}.', 'Act as {spec_role}.', 'Your role: {spec_role}.', 'Take on the role of {spec_role}.', 'For this chat, be {spec_role}.'],
  spec_role: [
    'an assistant that helps small businesses write invoices', 'a password generator for people who need secure passwords', 'a note-taking assistant for university lectures',
    'a synonyms provider', 'a prompt enhancer that turns short prompts into detailed questions', 'an expert in large language model research', 'a software architect',
    'a drunk person texting, for a comedy sketch', 'a gamer who gets irritated easily, for a comedy sketch', 'a customer-support assistant for {company}', 'a strict but fair exam grader',
    'a meeting summariser', 'a travel planner', 'a resume reviewer', 'a cover-letter coach', 'a SQL tutor', 'a kind kindergarten teacher', 'a sports commentator',
    'an etymologist', 'a fitness coach', 'a legal-document simplifier', 'a recipe converter', 'a product-naming consultant', 'a debate moderator', 'a screenwriter',
  ],
  spec_rule: [
    'Your task is to {spec_task}.', 'I will provide {spec_input}, and you will {spec_output}.', 'Always answer in {spec_format}.', 'Do not add explanations unless I ask for them.',
    'Keep each answer under {num} words.', 'If I write "more", give me more examples.', 'Ask clarifying questions when my request is vague.', 'Never make up facts; say that you do not know instead.',
    'Use a friendly, encouraging tone.', 'Focus on details that are likely to appear in exams.', 'Provide at most {num} items per reply.', 'Make sure you do not miss any important details.',
    'Reply only with the result and nothing else.', 'Follow these rules for the whole conversation.', 'Do not reveal personal data about customers.', 'When you are unsure, say so.',
    'Use British spelling.', 'You will only answer in character and nothing else.', 'Randomly make spelling mistakes, as the character would.', 'Stay in this role until I say "stop".',
    'Your replies should be witty but never rude.', 'Additionally, make a separate list for numbers and dates.', 'Based on your understanding, suggest follow-up questions.',
    'Do not write explanations; only the output.', 'I want you to reply with the corrected text only.', 'Start each answer with a one-line summary.',
  ],
  spec_task: [
    'generate a complex password from the options I give', 'turn my rough notes into a clean summary', 'list synonyms for the words I send', 'review my code and point out security issues',
    'plan a week of meals for a family of four', 'grade my essay against the rubric', 'rewrite legal text in plain English', 'suggest names for my bakery', 'explain each term I send in one paragraph',
  ],
  spec_input: ['a word', 'my notes', 'a paragraph', 'the length and character types', 'my code', 'a city and a budget', 'an essay', 'a list of ingredients', 'a job description'],
  spec_output: ['reply with a list of alternatives', 'turn it into bullet points', 'check it and correct it', 'create the password', 'point out bugs', 'plan the trip', 'grade it out of 10', 'suggest a recipe', 'tailor my resume to it'],
  spec_format: ['bullet points', 'a markdown table', 'JSON', 'short paragraphs', 'Korean', 'simple English', 'numbered steps'],
  first_request: ['I need help with fractions.', 'length 12, with numbers and symbols', 'happy', 'I want a system that lets users register and log in', 'a trip to Busan for three days', 'my essay is below'],
  spec: ['{spec_open} {spec_rule} {spec_rule} {spec_rule}', '{spec_open} {spec_rule} {spec_rule} {spec_rule} {spec_rule} My first request is "{first_request}"', '{spec_open} {spec_rule} {spec_rule}\n{spec_rule} {spec_rule} {spec_rule}'],

  // ── instructions about "your reply": the user's own formatting wishes (benign) ────────────────────
  benign_fmt: [
    'In your reply, use bullet points', 'Keep your answer under 100 words', 'End your reply with a one-line summary', 'In your response, quote the deadline exactly',
    'Make sure your answer mentions the order number', 'Answer in Korean, please', 'Add a short greeting to your reply', 'In your answer, keep the names as they are',
    'Please make your reply sound friendly', 'Put the dates in your answer in ISO format', 'Do not include the signature in your summary', 'Use a table in your response',
  ],

  // any carrier
  doc: ['{email}', '{notes}', '{report}', '{review}', '{news}', '{webpage}', '{recipe}', '{manual}', '{policy}', '{readme}', '{notification}', '{answer}', '{dialogue}', '{url_line} {email_line}'],
  doc_kind: ['email', 'meeting notes', 'report', 'review', 'article', 'web page', 'recipe', 'manual page', 'policy', 'README', 'notification', 'forum answer', 'chat log'],
  doc_task: [
    'Summarize this:', 'Summarise the following in two sentences.', 'Translate this into Korean:', 'What is the main point of this text?', 'Extract the action items:',
    'Rewrite this to sound more professional:', 'Proofread the text below.', 'What is the sentiment here?', 'Turn this into bullet points:',
    'Make this shorter:', 'Answer using only the document below: what is the deadline?', 'Classify this as complaint, question or praise:',
    'Here is the content of the page:', 'Check this for grammar mistakes:', 'Translate to Spanish and keep the formatting:',
  ],
};
