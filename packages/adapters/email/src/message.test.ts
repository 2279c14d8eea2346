import { describe, expect, it } from 'vitest';
import { composeMessage, escapeHtml } from './message.ts';

const facts = { submissionId: 'abc-123', eServiceId: 'kontakt', sentAt: new Date('2026-12-03T09:30:00Z') };

describe('composeMessage', () => {
  it('frames the answers in Swedish with the reference, Stockholm time and the person’s language', () => {
    const message = composeMessage(
      {
        form: 'kontakt',
        language: 'en',
        subject: 'Question',
        fields: [
          { label: 'Message', value: 'Hello\nthere' },
          { label: 'Phone', value: '' },
        ],
      },
      facts,
    );
    expect(message.subject).toBe('Question');
    expect(message.text).toContain('Referens: abc-123');
    expect(message.text).toContain('Skickat: 3 december 2026 kl. 10:30');
    expect(message.text).toContain('Språk: engelska (English): svara gärna på engelska');
    expect(message.text).toContain('Message\nHello\nthere\n\nPhone\n(inget svar)');
    expect(message.html).toContain('<dl lang="en">');
    expect(message.html).toContain('<dd>Hello<br>\nthere</dd>');
  });

  it('escapes every value in the HTML, including the subject and the reply address', () => {
    const message = composeMessage(
      {
        form: 'kontakt',
        language: 'sv',
        subject: '</title><script>x</script>',
        fields: [{ label: '"><img src=x onerror=alert(1)>', value: "<a href='javascript:x'>" }],
        replyTo: 'a"b@example.se',
      },
      facts,
    );
    expect(message.html).not.toMatch(/<script|<img|<a href='/);
    expect(message.html).toContain('&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;');
    expect(message.html).toContain('mailto:a&quot;b@example.se');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});
