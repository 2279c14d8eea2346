import { describe, expect, it } from 'vitest';
import { type BusinessSystemEntry, formOptionKey, optionsFromBusinessSystem } from './options.ts';

const system: BusinessSystemEntry = {
  id: 'funktionsbrevlada',
  name: 'Kontaktcenter',
  baseUrl: 'smtps://smtp.exempel.stad.se:465',
  credentials: { type: 'smtp', username: 'brygga', password: 'secret-password' },
  options: {
    from: 'noreply@exempel.stad.se',
    mailbox: 'kontakt@exempel.stad.se',
    formKontakt: true,
    formFelanmalanGata: 'gata@exempel.stad.se',
  },
  timeouts: { connectMs: 1_000, requestMs: 5_000 },
};

describe('the adapter’s options from the business system', () => {
  it('maps each configured form to its mailbox, true meaning the default one', () => {
    const options = optionsFromBusinessSystem(system);
    expect(options.mailboxOf('kontakt')).toBe('kontakt@exempel.stad.se');
    expect(options.mailboxOf('felanmalan-gata')).toBe('gata@exempel.stad.se');
    expect(options.mailboxOf('felanmalan')).toBeUndefined();
    expect(options).toMatchObject({
      url: 'smtps://smtp.exempel.stad.se:465',
      from: 'noreply@exempel.stad.se',
      mailboxName: 'Kontaktcenter',
      auth: { user: 'brygga', pass: 'secret-password' },
      timeouts: { connectMs: 1_000, requestMs: 5_000 },
    });
  });

  it('names form options in PascalCase after "form"', () => {
    expect(formOptionKey('kontakt')).toBe('formKontakt');
    expect(formOptionKey('felanmalan-gata-2')).toBe('formFelanmalanGata2');
  });

  it('lists every mistake at once, naming options and never a secret', () => {
    const attempt = () =>
      optionsFromBusinessSystem({
        ...system,
        baseUrl: 'https://smtp.exempel.stad.se',
        credentials: { type: 'apiKey' },
        options: { from: 'noreply', formKontakt: true, formGata: 'nej', colour: 'blue' },
      });
    expect(attempt).toThrow(
      'business system funktionsbrevlada: options.formKontakt is true, but there is no options.mailbox to use; options.formGata must be an e-mail address, or true for options.mailbox; options.colour is not a setting of the e-mail adapter (it reads from, fromName, mailbox, mailboxName, requireTls and form<Id>); options.from (the sender address) must be an e-mail address; the e-mail adapter takes credentials of type smtp (a user name and password) or none; baseUrl must be a mail server address, smtps://host:port or smtp://host:port',
    );
  });

  it('refuses a password in the address, and a configuration with no form', () => {
    expect(() =>
      optionsFromBusinessSystem({ ...system, baseUrl: 'smtp://brygga:secret-password@smtp.exempel.stad.se' }),
    ).toThrow(/baseUrl must not carry a user name or password/);
    expect(() =>
      optionsFromBusinessSystem({
        ...system,
        credentials: { type: 'none' },
        options: { from: 'noreply@exempel.stad.se' },
      }),
    ).toThrow(/no form is configured/);
    try {
      optionsFromBusinessSystem({ ...system, baseUrl: 'smtp://brygga:secret-password@smtp.exempel.stad.se' });
    } catch (error) {
      expect(String(error)).not.toContain('secret-password');
    }
  });
});
