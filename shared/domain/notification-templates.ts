/**
 * The applicant's messages in the four languages, as plain text: an email (subject and body) and a short
 * SMS. A message says the application number, the new status in words, the deadline while a clock runs
 * and the status page link. It is built only from the outbox entry's facts, so it cannot carry the access
 * token, an internal note, a flag or a watch-list finding: none of them is ever a fact.
 */
import type { NotificationEvent, OutboxEntry } from './notifications.ts';
import type { ContactLanguage } from './schemas.ts';

interface Texts {
  service: string;
  status: Record<NotificationEvent, string>;
  subject: string;
  intro: string;
  deadline: string;
  infoRequest: string;
  clockStopped: string;
  permit: string;
  seeReason: string;
  revoked: string;
  withdrawn: string;
  clerkMessage: string;
  link: string;
  tokenReminder: string;
  automatic: string;
  duration: string;
  smsDetails: string;
}

const texts: Record<ContactLanguage, Texts> = {
  en: {
    service: 'Border permit fast-track',
    status: {
      received: 'received, being checked',
      'info-requested': 'information requested',
      approved: 'approved',
      rejected: 'rejected',
      revoked: 'revoked',
      withdrawn: 'withdrawn',
    },
    subject: 'Application {id}: {status}',
    intro: 'Your application {id} is now: {status}.',
    deadline: 'A decision is due by {deadline}.',
    infoRequest: 'We need more information from you:',
    clockStopped: 'The review clock is stopped with {time} left. It restarts when you answer on the status page.',
    permit: 'Permit {number} is valid from {from} to {until}. Show it at the checkpoint from the status page, on screen or printed.',
    seeReason: 'The reason is on the status page.',
    revoked: 'Your permit is no longer valid.',
    withdrawn: 'You withdrew this application. It will not be decided.',
    clerkMessage: 'Message from the permit office:',
    link: 'Status page: {url}',
    tokenReminder: 'Open it with the access token you received when you applied. We never send the token in a message.',
    automatic: 'This message was sent automatically. Replies are not read.',
    duration: '{h} h {m} min',
    smsDetails: 'Details: {url}',
  },
  'zh-CN': {
    service: '口岸通行证快速办理',
    status: {
      received: '已受理，正在核查',
      'info-requested': '需补充材料',
      approved: '已批准',
      rejected: '未批准',
      revoked: '已吊销',
      withdrawn: '已撤回',
    },
    subject: '申请 {id}：{status}',
    intro: '您的申请 {id} 当前状态：{status}。',
    deadline: '办结期限：{deadline}。',
    infoRequest: '请补充以下材料：',
    clockStopped: '审核计时已暂停，剩余 {time}。您在申请状态页面答复后恢复计时。',
    permit: '通行证 {number}，有效期 {from} 至 {until}。过检时请在申请状态页面出示（屏幕或打印件均可）。',
    seeReason: '原因请见申请状态页面。',
    revoked: '您的通行证已失效。',
    withdrawn: '您已撤回本申请，不再审批。',
    clerkMessage: '办证窗口留言：',
    link: '申请状态页面：{url}',
    tokenReminder: '请使用申请时获得的访问密钥打开。我们不会在消息中发送密钥。',
    automatic: '本消息由系统自动发送，请勿回复。',
    duration: '{h} 小时 {m} 分',
    smsDetails: '详情：{url}',
  },
  lo: {
    service: 'ການອອກໃບອະນຸຍາດຂ້າມແດນແບບດ່ວນ',
    status: {
      received: 'ໄດ້ຮັບແລ້ວ, ກຳລັງກວດສອບ',
      'info-requested': 'ຂໍຂໍ້ມູນເພີ່ມ',
      approved: 'ອະນຸມັດ',
      rejected: 'ບໍ່ອະນຸມັດ',
      revoked: 'ຖືກຍົກເລີກ',
      withdrawn: 'ຖອນຄືນ',
    },
    subject: 'ຄຳຮ້ອງ {id}: {status}',
    intro: 'ຄຳຮ້ອງ {id} ຂອງທ່ານ ປະຈຸບັນ: {status}.',
    deadline: 'ກຳນົດພິຈາລະນາ: {deadline}.',
    infoRequest: 'ພວກເຮົາຕ້ອງການຂໍ້ມູນເພີ່ມຈາກທ່ານ:',
    clockStopped: 'ເວລາພິຈາລະນາຢຸດໄວ້ ເຫຼືອ {time}. ມັນຈະເລີ່ມຄືນເມື່ອທ່ານຕອບຢູ່ໜ້າສະຖານະ.',
    permit: 'ໃບອະນຸຍາດ {number} ໃຊ້ໄດ້ແຕ່ {from} ຫາ {until}. ສະແດງຢູ່ດ່ານຈາກໜ້າສະຖານະ, ໃນໜ້າຈໍ ຫຼື ພິມອອກ.',
    seeReason: 'ເຫດຜົນຢູ່ໃນໜ້າສະຖານະ.',
    revoked: 'ໃບອະນຸຍາດຂອງທ່ານໃຊ້ບໍ່ໄດ້ອີກແລ້ວ.',
    withdrawn: 'ທ່ານໄດ້ຖອນຄຳຮ້ອງນີ້ແລ້ວ. ຈະບໍ່ມີການພິຈາລະນາ.',
    clerkMessage: 'ຂໍ້ຄວາມຈາກຫ້ອງການອອກໃບອະນຸຍາດ:',
    link: 'ໜ້າສະຖານະ: {url}',
    tokenReminder: 'ເປີດດ້ວຍລະຫັດເຂົ້າເຖິງທີ່ໄດ້ຮັບຕອນຍື່ນ. ພວກເຮົາບໍ່ເຄີຍສົ່ງລະຫັດທາງຂໍ້ຄວາມ.',
    automatic: 'ຂໍ້ຄວາມນີ້ສົ່ງອັດຕະໂນມັດ. ກະລຸນາຢ່າຕອບກັບ.',
    duration: '{h} ຊມ {m} ນາທີ',
    smsDetails: 'ລາຍລະອຽດ: {url}',
  },
  my: {
    service: 'နယ်စပ်ဖြတ်ကျော်ခွင့် အမြန်ဝန်ဆောင်မှု',
    status: {
      received: 'လက်ခံရရှိ၊ စစ်ဆေးနေသည်',
      'info-requested': 'အချက်အလက် တောင်းခံထားသည်',
      approved: 'ခွင့်ပြုပြီး',
      rejected: 'ပယ်ချသည်',
      revoked: 'ပြန်လည်ရုပ်သိမ်းသည်',
      withdrawn: 'ရုပ်သိမ်းပြီး',
    },
    subject: 'လျှောက်လွှာ {id} - {status}',
    intro: 'သင်၏လျှောက်လွှာ {id} ၏ လက်ရှိအခြေအနေ - {status}။',
    deadline: 'ဆုံးဖြတ်မည့် နောက်ဆုံးအချိန် - {deadline}။',
    infoRequest: 'သင့်ထံမှ နောက်ထပ် အချက်အလက် လိုအပ်သည် -',
    clockStopped: 'စိစစ်ချိန်ကို ရပ်ထားပြီး {time} ကျန်ရှိသည်။ အခြေအနေစာမျက်နှာတွင် သင်ဖြေကြားသောအခါ ပြန်စမည်။',
    permit: 'ခွင့်ပြုချက် {number} သည် {from} မှ {until} အထိ သက်တမ်းရှိသည်။ စစ်ဆေးရေးဂိတ်တွင် အခြေအနေစာမျက်နှာမှ ပြသပါ (မျက်နှာပြင် သို့မဟုတ် ပုံနှိပ်)။',
    seeReason: 'အကြောင်းရင်းကို အခြေအနေစာမျက်နှာတွင် ကြည့်ပါ။',
    revoked: 'သင်၏ခွင့်ပြုချက်သည် အကျုံးမဝင်တော့ပါ။',
    withdrawn: 'သင်သည် ဤလျှောက်လွှာကို ရုပ်သိမ်းခဲ့သည်။ ဆုံးဖြတ်ချက် ချမည်မဟုတ်ပါ။',
    clerkMessage: 'ခွင့်ပြုချက်ရုံးမှ စာ -',
    link: 'အခြေအနေစာမျက်နှာ - {url}',
    tokenReminder: 'လျှောက်ထားစဉ် ရရှိသော ဝင်ရောက်ကုဒ်ဖြင့် ဖွင့်ပါ။ ကုဒ်ကို စာဖြင့် ဘယ်တော့မှ မပို့ပါ။',
    automatic: 'ဤစာကို အလိုအလျောက် ပို့သည်။ ပြန်စာများကို မဖတ်ပါ။',
    duration: '{h} နာရီ {m} မိနစ်',
    smsDetails: 'အသေးစိတ် - {url}',
  },
};

export interface RenderedMessage {
  /** Email only. */
  subject?: string;
  body: string;
}

export interface MessageContext {
  applicationId: string;
  /** The public status page of the application, `<base URL>/status/<id>`. */
  statusUrl: string;
}

const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));

/** `2026-12-01T10:00:00+08:00` as `2026-12-01 10:00 (UTC+8)`: the same in every language. */
const shanghaiTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} (UTC+8)`;

/** An application's status page under the service's public base URL. */
export const statusPageUrl = (publicBaseUrl: string, applicationId: string) =>
  `${publicBaseUrl.replace(/\/+$/, '')}/status/${encodeURIComponent(applicationId)}`;

/** The lines an event adds after the status line, in the email. */
function eventLines(language: Texts, entry: Pick<OutboxEntry, 'event' | 'facts'>): string[] {
  const { facts } = entry;
  const lines: string[] = [];
  if (facts.reviewDeadline) lines.push(fill(language.deadline, { deadline: shanghaiTime(facts.reviewDeadline) }));
  if (entry.event === 'info-requested') {
    if (facts.infoRequest) lines.push(language.infoRequest, facts.infoRequest);
    const minutes = Math.max(0, facts.clockRemainingMinutes ?? 0);
    lines.push(fill(language.clockStopped, { time: fill(language.duration, { h: Math.floor(minutes / 60), m: minutes % 60 }) }));
  }
  if (entry.event === 'approved' && facts.permit) {
    lines.push(fill(language.permit, { number: facts.permit.number, from: facts.permit.validFrom, until: facts.permit.validUntil }));
  }
  if (entry.event === 'revoked') lines.push(language.revoked, language.seeReason);
  if (entry.event === 'rejected') lines.push(language.seeReason);
  if (entry.event === 'withdrawn') lines.push(language.withdrawn);
  if (facts.applicantMessage) lines.push(language.clerkMessage, facts.applicantMessage);
  return lines;
}

export function renderNotification(entry: Pick<OutboxEntry, 'event' | 'channel' | 'language' | 'facts'>, context: MessageContext): RenderedMessage {
  const language = texts[entry.language] ?? texts.en;
  const values = { id: context.applicationId, status: language.status[entry.event], url: context.statusUrl };
  const intro = fill(language.intro, values);
  if (entry.channel === 'sms') {
    const deadline = entry.facts.reviewDeadline ? ` ${fill(language.deadline, { deadline: shanghaiTime(entry.facts.reviewDeadline) })}` : '';
    return { body: `[${language.service}] ${intro}${deadline} ${fill(language.smsDetails, values)}` };
  }
  return {
    subject: `${language.service}: ${fill(language.subject, values)}`,
    body: [intro, '', ...eventLines(language, entry), '', fill(language.link, values), language.tokenReminder, '', language.automatic]
      .join('\n')
      .replace(/\n{3,}/g, '\n\n'),
  };
}
