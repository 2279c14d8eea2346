import { generateKeyPairSync } from 'node:crypto';
import { checkConfigText, formatIssues } from '@brygga/gateway/config';
import { describe, expect, it } from 'vitest';
import { createAdapter } from '../src/index.ts';

// The gateway's configuration check is where an operator meets this adapter first: a mail server address, SMTP
// credentials, and options the adapter then reads as they are.

const env = {
  BRYGGA_AUDIT_HMAC_KEY: 'adapter-email-audit-hmac-key-0123456789abcdef',
  BRYGGA_CHECKPOINT_SIGNING_KEY: generateKeyPairSync('ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString(),
  BRYGGA_SMTP_PASSWORD: 'SECRET-smtp-password',
};

function configText(
  baseUrl: string,
  credentials = '{ type: smtp, username: brygga, password: { env: BRYGGA_SMTP_PASSWORD } }',
) {
  return [
    'environment: test',
    'businessSystems:',
    '  - id: funktionsbrevlada',
    '    name: Kontaktcenter',
    '    owner: Kommunledningskontoret',
    '    adapter: "@brygga/adapter-email"',
    `    baseUrl: ${baseUrl}`,
    '    contracts: [form-submission]',
    '    timeouts: { connectMs: 1000, requestMs: 5000 }',
    `    credentials: ${credentials}`,
    '    options: { from: noreply@exempel.stad.se, mailbox: kontakt@exempel.stad.se, formKontakt: true, requireTls: true }',
    'keys:',
    '  auditHmac: { keyId: audit-1, key: { env: BRYGGA_AUDIT_HMAC_KEY } }',
    '  checkpointSigning: { keyId: checkpoint-1, key: { env: BRYGGA_CHECKPOINT_SIGNING_KEY } }',
    '',
  ].join('\n');
}

describe('a mail server in the gateway’s configuration', () => {
  it.each(['smtps://smtp.exempel.stad.se:465', 'smtp://127.0.0.1:7425'])(
    'accepts %s with SMTP credentials, and the adapter loads from it',
    async (baseUrl) => {
      const result = checkConfigText(configText(baseUrl), {
        filePath: '/srv/brygga/brygga.config.yaml',
        env,
      });
      if (!result.ok) throw new Error(formatIssues(result.issues));
      const [system] = result.config.businessSystems;
      expect(system?.credentials).toEqual({
        type: 'smtp',
        username: 'brygga',
        password: 'SECRET-smtp-password',
      });
      if (system === undefined) throw new Error('no business system');
      const adapter = createAdapter(system);
      expect(adapter).toMatchObject({ contract: 'form-submission', contractVersion: '2026-12-01' });
      await adapter.close();
    },
  );

  it('refuses another kind of address, saying what it expects', () => {
    const result = checkConfigText(configText('ftp://files.exempel.stad.se'), {
      filePath: '/srv/brygga.config.yaml',
      env,
    });
    expect(result.ok).toBe(false);
    const text = result.ok ? '' : formatIssues(result.issues);
    expect(text).toContain('businessSystems[0].baseUrl');
    expect(text).toContain('smtps://');
    expect(text).toContain('https://');
  });

  it('needs the password as a secret reference, and never shows it', () => {
    const result = checkConfigText(
      configText('smtp://127.0.0.1:7425', '{ type: smtp, username: brygga, password: hunter2 }'),
      {
        filePath: '/srv/brygga.config.yaml',
        env,
      },
    );
    expect(result.ok).toBe(false);
    const text = result.ok ? '' : formatIssues(result.issues);
    expect(text).toContain('businessSystems[0].credentials.password');
    expect(text).not.toContain('hunter2');
  });
});
