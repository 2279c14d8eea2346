// The simple e-service end to end (issue 6, part 4): an e-service submits a form through the gateway, which loads
// @brygga/adapter-email by its package name from the configuration, and the e-mail arrives over real SMTP in the
// example mailbox. Malformed submissions get plain-language problems in Swedish and English that quote nothing
// sent. The caller is injected (access tokens are the identity tests' subject).
import { type RunningMailbox, silentLog, startMailbox } from '@brygga/example-mailbox';
import { loadConfig } from '@brygga/gateway/config';
import { createLogger } from '@brygga/gateway/http';
import { type RunningGateway, startGateway } from '@brygga/gateway/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertAdapterResolvable,
  basicAuthorization,
  contractsGatewayHeaderYaml,
  eServiceYaml,
  gatewaySecrets,
  makeTempDir,
  storageKeysAuditYaml,
  type TempDir,
  unreachableBankIdSecret,
} from '../src/index.ts';

const adapterPackage = '@brygga/adapter-email';
const eService = { id: 'kontakt', secret: 'kontakt-e-service-secret-0123456789abcdef' } as const;
const env = {
  ...gatewaySecrets,
  ...unreachableBankIdSecret,
  KONTAKT_SECRET: eService.secret,
};

function config(smtpUrl: string): string {
  return [
    ...contractsGatewayHeaderYaml({ publicUrl: 'https://brygga.exempel.se', logLevel: 'debug' }),
    'eServices:',
    ...eServiceYaml({
      id: eService.id,
      name: '{ sv: Kontakta kommunen, en: Contact the city }',
      description: '{ sv: Ställ en fråga. }',
      owner: 'Kommunledningskontoret',
      responsible: '{ name: Amir Haddad, email: kontaktcenter@exempel.stad.se }',
      secretEnv: 'KONTAKT_SECRET',
      contract: 'form-submission',
      version: '2026-12-01',
      purpose: 'besvara-fragor',
    }),
    'businessSystems:',
    '  - id: funktionsbrevlada',
    '    name: Kontaktcenter',
    '    owner: Kommunledningskontoret',
    `    adapter: "${adapterPackage}"`,
    `    baseUrl: ${smtpUrl}`,
    '    contracts: [form-submission]',
    '    timeouts: { connectMs: 1000, requestMs: 5000 }',
    '    options: { from: noreply@exempel.stad.se, mailbox: kontaktcenter@exempel.stad.se, formKontakt: true, formFelanmalanGata: gata@exempel.stad.se }',
    'purposes:',
    '  - id: besvara-fragor',
    '    purpose: { sv: Besvara frågor från invånare., en: Answer questions from residents. }',
    '    legalBasis: { article: 6(1)(e), reference: Förvaltningslagen (2017:900) }',
    '    dataCategories: [namn, kontaktuppgifter, fritext]',
    '    dataSubjectCategories: [invånare]',
    '    retentionClass: fragor-2ar',
    'retentionClasses:',
    '  - { id: fragor-2ar, duration: P2Y, description: Gallras efter två år. }',
    ...storageKeysAuditYaml({ driver: 'sqlite', path: 'brygga.db' }),
    '',
  ].join('\n');
}

let dir: TempDir;
let mailbox: RunningMailbox;
let gateway: RunningGateway;
const logLines: string[] = [];

beforeAll(async () => {
  assertAdapterResolvable(adapterPackage);
  dir = makeTempDir('brygga-email-e2e');
  mailbox = await startMailbox({ smtpPort: 0, webPort: 0, log: silentLog });
  const file = dir.write('brygga.config.yaml', config(mailbox.smtpUrl));
  gateway = await startGateway(await loadConfig(file, { env }), {
    logger: createLogger({
      level: 'debug',
      destination: { write: (line: string) => void logLines.push(line) },
    }),
    port: 0,
    contracts: {
      resolveCaller: (c) =>
        c.req.header('authorization') === basicAuthorization(eService.id, eService.secret)
          ? { eServiceId: eService.id }
          : undefined,
    },
  });
  const notLoaded = logLines.filter((line) => line.includes('not loaded') || line.includes('not used'));
  if (notLoaded.length > 0) throw new Error(`the adapter was not loaded:\n${notLoaded.join('')}`);
});

afterAll(async () => {
  try {
    await gateway?.close('test over');
    await mailbox?.close();
  } finally {
    dir?.remove();
  }
});

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: Record<string, unknown>;
}

async function submit(body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${gateway.url}/api/form-submission/submissions`, {
    method: 'POST',
    headers: {
      authorization: basicAuthorization(eService.id, eService.secret),
      'content-type': 'application/json',
      ...headers,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) };
}

const form = {
  form: 'kontakt',
  language: 'sv',
  subject: 'Fråga om sophämtning',
  fields: [
    { label: 'Namn', value: 'Tolvan Tolvansson' },
    { label: 'Ditt ärende', value: 'När hämtas soporna på Kåbovägen under julveckan?' },
  ],
  replyTo: 'tolvan.tolvansson@example.se',
};

describe('a form submitted through the gateway', () => {
  it('arrives in the functional mailbox as one e-mail, and the e-service gets a receipt', async () => {
    const answer = await submit(form, { 'idempotency-key': 'kontakt-0001' });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('brygga-version')).toBe('2026-12-01');
    expect(answer.body).toEqual({
      submissionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      receivedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      mailbox: { name: 'Kontaktcenter' },
    });

    const [message, ...others] = mailbox.messages();
    expect(others).toEqual([]);
    expect(message).toMatchObject({
      envelope: { from: 'noreply@exempel.stad.se', to: ['kontaktcenter@exempel.stad.se'] },
      subject: 'Fråga om sophämtning',
      replyTo: 'tolvan.tolvansson@example.se',
      messageId: `<${answer.body.submissionId}@exempel.stad.se>`,
      headers: {
        'x-brygga-form': 'kontakt',
        'x-brygga-e-service': 'kontakt',
        'x-brygga-idempotency-key': 'kontakt-0001',
      },
    });
    expect(message?.text).toContain('Ditt ärende\nNär hämtas soporna på Kåbovägen under julveckan?');
    expect(message?.text).toContain(`Referens: ${answer.body.submissionId}`);

    // The e-service retries (its answer was lost): the same receipt, and no second e-mail.
    const retry = await submit(form, { 'idempotency-key': 'kontakt-0001' });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(answer.body);
    expect(mailbox.messages()).toHaveLength(1);
  });

  it('goes to the mailbox configured for its form', async () => {
    const answer = await submit({ ...form, form: 'felanmalan-gata', subject: 'Trasig gatlykta' });
    expect(answer.status).toBe(201);
    expect(mailbox.messages()[0]?.envelope.to).toEqual(['gata@exempel.stad.se']);
  });

  it('answers 404 unknown_form for a form no mailbox takes', async () => {
    const before = mailbox.messages().length;
    const answer = await submit({ ...form, form: 'bygglov' }, { 'accept-language': 'en' });
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({
      code: 'unknown_form',
      title: 'The form does not exist.',
      type: '/reference/form-submission#error-unknown_form',
    });
    expect(mailbox.messages()).toHaveLength(before);
  });
});

describe('a malformed submission', () => {
  const secretWords = ['Tolvan', 'sophämtning', 'tolvan.tolvansson', 'Kåbovägen'];
  const malformed = {
    ...form,
    subject: `${'Fråga om sophämtning '.repeat(12)}`,
    fields: [{ label: 'Ditt ärende', value: 'Tolvan bor på Kåbovägen. '.repeat(500) }],
    replyTo: 'tolvan.tolvansson-at-example.se',
    language: 'de',
  };

  it.each([
    ['sv', 'Värdet är för stort eller för långt.'],
    ['en', 'The value is too large or too long.'],
  ])(
    'gets a 422 problem in plain language (%s), naming each field by path and quoting nothing sent',
    async (language, tooLong) => {
      const before = mailbox.messages().length;
      const answer = await submit(malformed, { 'accept-language': language });
      expect(answer.status).toBe(422);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ code: 'validation_failed' });
      const errors = answer.body.errors as { path: string; message: string }[];
      expect(errors.map((error) => error.path).sort()).toEqual(
        ['/body/fields/0/value', '/body/language', '/body/replyTo', '/body/subject'].sort(),
      );
      expect(errors.find((error) => error.path === '/body/subject')?.message).toBe(tooLong);
      for (const word of secretWords) expect(answer.text).not.toContain(word);
      expect(mailbox.messages()).toHaveLength(before);
    },
  );

  it('gets a 422 for no answers at all, and for a field the contract does not have', async () => {
    const empty = await submit({ ...form, fields: [] });
    expect(empty.status).toBe(422);
    expect(empty.body.errors).toEqual([
      { path: '/body/fields', code: 'too_small', message: 'Värdet är för litet eller för kort.' },
    ]);
    const unknown = await submit({ ...form, bcc: 'someone@example.se' }, { 'accept-language': 'en' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([
      { path: '/body/bcc', code: 'unrecognized_key', message: 'This field does not exist in this version.' },
    ]);
    expect(unknown.text).not.toContain('someone@example.se');
  });
});

describe('when the mail server is down', () => {
  it('the call fails with 502, to be retried, and the log names no value sent', async () => {
    await mailbox.close();
    const from = logLines.length;
    const answer = await submit(form, { 'idempotency-key': 'kontakt-down' });
    expect(answer.status).toBe(502);
    expect(answer.body).toMatchObject({ code: 'bad_gateway' });
    const logged = logLines.slice(from).join('');
    expect(logged).toContain('mailbox_unreachable');
    for (const word of ['Tolvan', 'sophämtning', 'tolvan.tolvansson', 'Kåbovägen']) {
      expect(logged).not.toContain(word);
      expect(answer.text).not.toContain(word);
    }
  });
});
