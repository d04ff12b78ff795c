/**
 * The applicant's messages as the domain builds them: who gets one on which channel, the outbox keys of
 * repeated events, every event in every language on both channels with nothing left unfilled, and the
 * schema of the message language on both kinds of application.
 */
import { describe, expect, it } from 'vitest';
import { notificationEvents, outboxAddition, pendingEntries, recipientsOf, type OutboxEntry } from '../../shared/domain/notifications.ts';
import { renderNotification, statusPageUrl } from '../../shared/domain/notification-templates.ts';
import { contactLanguages, applicationSchema } from '../../shared/domain/schemas.ts';
import { cargoApplication, tourismApplication } from '../fixtures/applications.ts';

const context = { applicationId: 'Ky9FqdLAAasdcysMelOJ2w', statusUrl: statusPageUrl('https://permits.example.gov/', 'Ky9FqdLAAasdcysMelOJ2w') };
const facts = {
  reviewDeadline: '2026-12-01T10:00:00+08:00',
  clockRemainingMinutes: 125,
  infoRequest: 'Please send the visa page.',
  permit: { number: 'MOHAN-2026-000001-1', validFrom: '2026-12-02', validUntil: '2026-12-06' },
};

describe('recipients and outbox entries', () => {
  it('writes to the email when given and always by SMS, to the carrier phone for cargo', () => {
    expect(recipientsOf(tourismApplication())).toEqual([
      { channel: 'email', to: 'li.wei@example.com' },
      { channel: 'sms', to: '+8613800000000' },
    ]);
    expect(recipientsOf(cargoApplication())).toEqual([{ channel: 'sms', to: '+8613900000000' }]);
    expect(recipientsOf({ ...cargoApplication(), contact: { email: 'dispatch@example.com' } })).toEqual([
      { channel: 'email', to: 'dispatch@example.com' },
      { channel: 'sms', to: '+8613900000000' },
    ]);
  });

  it('keys each event occurrence and channel apart, so a second request for information is a message of its own', () => {
    const application = { ...tourismApplication(), contact: { phone: '+8613800000000', language: 'my' as const } };
    const first = outboxAddition({ application, version: 3, outbox: {} }, 'info-requested', '2026-12-01T10:00:00+08:00');
    const second = outboxAddition({ application, version: 5, outbox: {} }, 'info-requested', '2026-12-01T12:00:00+08:00');
    expect(Object.keys(first.entries)).toEqual(['3-info-requested-sms']);
    expect(Object.keys(second.entries)).toEqual(['5-info-requested-sms']);
    expect(first.entries['3-info-requested-sms']).toMatchObject({ language: 'my', to: '+8613800000000', event: 'info-requested' });
    expect(first.outboxExists).toBe(true);
    expect(outboxAddition({ application, version: 3 }, 'withdrawn', '2026-12-01T10:00:00+08:00').outboxExists).toBe(false);
  });

  it('lists the waiting entries in the order their events happened', () => {
    const entry = (sentAt?: string) => ({ sentAt }) as OutboxEntry;
    expect(pendingEntries({ '12-approved-sms': entry(), '2-received-sms': entry('x'), '5-info-requested-sms': entry(), '5-info-requested-email': entry() }).map(([key]) => key)).toEqual([
      '5-info-requested-email',
      '5-info-requested-sms',
      '12-approved-sms',
    ]);
  });
});

describe('templates', () => {
  const cases = contactLanguages.flatMap((language) => notificationEvents.flatMap((event) => (['email', 'sms'] as const).map((channel) => [language, event, channel] as const)));

  it.each(cases)('%s %s by %s carries the number, the status in words and the link, with nothing unfilled', (language, event, channel) => {
    const message = renderNotification({ event, channel, language, facts }, context);
    expect(message.body).toContain(context.applicationId);
    expect(message.body).toContain('https://permits.example.gov/status/Ky9FqdLAAasdcysMelOJ2w');
    expect(`${message.subject ?? ''}${message.body}`).not.toMatch(/[{}]|undefined|NaN/);
    if (channel === 'sms') {
      expect(message.subject).toBeUndefined();
      expect(message.body).not.toContain('\n');
      expect(message.body).not.toContain(facts.infoRequest);
    } else {
      expect(message.subject).toContain(context.applicationId);
    }
  });

  it('says each event in each language differently', () => {
    for (const language of contactLanguages) {
      const bodies = notificationEvents.map((event) => renderNotification({ event, channel: 'sms', language, facts: {} }, context).body);
      expect(new Set(bodies).size, language).toBe(notificationEvents.length);
    }
  });

  it('puts what belongs to the event in the email: the deadline, the request and the time left, the permit', () => {
    const render = (event: (typeof notificationEvents)[number], eventFacts: object) => renderNotification({ event, channel: 'email', language: 'en', facts: eventFacts }, context).body;
    expect(render('received', { reviewDeadline: facts.reviewDeadline })).toContain('A decision is due by 2026-12-01 10:00 (UTC+8).');
    const info = render('info-requested', { infoRequest: facts.infoRequest, clockRemainingMinutes: 125 });
    expect(info).toContain('Please send the visa page.');
    expect(info).toContain('stopped with 2 h 5 min left');
    expect(render('approved', { permit: facts.permit })).toContain('Permit MOHAN-2026-000001-1 is valid from 2026-12-02 to 2026-12-06.');
    expect(render('rejected', {})).toContain('The reason is on the status page.');
    expect(render('rejected', { applicantMessage: 'Your visa must be valid on the return date.' })).toContain('Message from the permit office:\nYour visa must be valid on the return date.');
  });
});

describe('the message language in the schema', () => {
  it('accepts the four languages on either kind and refuses others', () => {
    for (const language of contactLanguages) {
      expect(applicationSchema.safeParse({ ...tourismApplication(), contact: { phone: '+8613800000000', language } }).success).toBe(true);
      expect(applicationSchema.safeParse({ ...cargoApplication(), contact: { language } }).success).toBe(true);
    }
    const wrong = applicationSchema.safeParse({ ...tourismApplication(), contact: { phone: '+8613800000000', language: 'fr' } });
    expect(wrong.success).toBe(false);
    expect(wrong.error!.issues[0]).toMatchObject({ path: ['contact', 'language'], message: 'Use zh-CN, en, lo or my.' });
    expect(applicationSchema.safeParse({ ...cargoApplication(), contact: { phone: '+8613800000000' } }).success).toBe(false);
  });
});
