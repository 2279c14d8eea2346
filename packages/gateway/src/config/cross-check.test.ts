import { describe, expect, it } from 'vitest';
import { type ConfigIssue, checkConfigText } from './index.ts';
import { type Data, fixtureEnv, lineOf, toYaml, validConfigData } from './test-fixtures.ts';

/** Checks data changed by `change` and returns its issues and the YAML text they point into. */
function issuesAfter(
  change: (data: Data) => void,
  env: Record<string, string> = fixtureEnv,
): { issues: ConfigIssue[]; text: string } {
  const data = validConfigData();
  change(data);
  const text = toYaml(data);
  const result = checkConfigText(text, { filePath: '/srv/brygga.config.yaml', env });
  if (result.ok) throw new Error('expected the configuration to be refused');
  return { issues: result.issues, text };
}

function only(
  change: (data: Data) => void,
  env: Record<string, string> = fixtureEnv,
): ConfigIssue & { text: string } {
  const { issues, text } = issuesAfter(change, env);
  expect(issues, JSON.stringify(issues, null, 2)).toHaveLength(1);
  return { ...(issues[0] as ConfigIssue), text };
}

describe('references between sections', () => {
  it('an e-service naming an unknown purpose', () => {
    const issue = only((data) => {
      data.eServices[0].purposes = ['handlagga-bygglv'];
    });
    expect(issue).toMatchObject({
      path: 'eServices[0].purposes[0]',
      message: 'This e-service names a purpose that is not defined. Did you mean "handlagga-bygglov"?',
      expected: 'the id of a purpose defined under purposes',
      found: '"handlagga-bygglv"',
      line: lineOf(issue.text, '- handlagga-bygglv'),
    });
  });

  it('an e-service naming an unknown identity provider', () => {
    const issue = only((data) => {
      data.eServices[1].identityProviders = ['bankid', 'freja'];
    });
    expect(issue).toMatchObject({
      path: 'eServices[1].identityProviders[1]',
      expected: 'the id of an identity provider defined under identityProviders',
      found: '"freja"',
      line: lineOf(issue.text, '- freja'),
    });
  });

  it('a contract pin naming an unknown business system', () => {
    const issue = only((data) => {
      data.eServices[1].contracts[0].businessSystem = 'arendehanteing';
    });
    expect(issue).toMatchObject({
      path: 'eServices[1].contracts[0].businessSystem',
      message: 'This names a business system that is not defined. Did you mean "arendehantering"?',
      line: lineOf(issue.text, 'businessSystem: arendehanteing'),
    });
  });

  it('a contract pin naming a business system that does not serve the contract', () => {
    const issue = only((data) => {
      data.businessSystems.push({ ...data.businessSystems[0], id: 'ekonomi', contracts: ['invoicing'] });
      data.eServices[1].contracts[0].businessSystem = 'ekonomi';
    });
    expect(issue).toMatchObject({
      path: 'eServices[1].contracts[0].contract',
      message:
        'The business system "ekonomi" does not serve the contract "case-management" (it is not in its contracts list).',
      expected: 'a contract listed in businessSystems[1].contracts',
    });
  });

  it('a contract no business system serves', () => {
    const issue = only((data) => {
      data.eServices[0].contracts[0].contract = 'case-managment';
    });
    expect(issue).toMatchObject({
      path: 'eServices[0].contracts[0].contract',
      message: 'No business system serves the contract "case-managment". Did you mean "case-management"?',
      expected: 'a contract listed under businessSystems[].contracts',
      line: lineOf(issue.text, 'contract: case-managment'),
    });
  });

  it('a contract several business systems serve, with no businessSystem to choose', () => {
    const issue = only((data) => {
      data.businessSystems.push({ ...data.businessSystems[0], id: 'arende-reserv' });
    });
    expect(issue).toMatchObject({
      path: 'eServices[0].contracts[0].contract',
      message:
        'Several business systems serve "case-management" (arendehantering, arende-reserv); say which one with businessSystem.',
    });
  });

  it('a contract pinned twice by one e-service', () => {
    const issue = only((data) => {
      data.eServices[1].contracts.push({ ...data.eServices[1].contracts[0], version: '2026-01-15' });
    });
    expect(issue).toMatchObject({
      path: 'eServices[1].contracts[1].contract',
      expected: 'each contract once',
    });
  });

  it('a purpose naming an unknown retention class', () => {
    const issue = only((data) => {
      data.purposes[0].retentionClass = 'arende-10-ar';
    });
    expect(issue).toMatchObject({
      path: 'purposes[0].retentionClass',
      message: 'This purpose names a retention class that is not defined. Did you mean "arende-10ar"?',
      expected: 'the id of a retention class defined under retentionClasses',
      line: lineOf(issue.text, 'retentionClass: arende-10-ar'),
    });
  });
});

describe('unique ids', () => {
  it.each(['identityProviders', 'eServices', 'businessSystems', 'purposes', 'retentionClasses'])(
    'a duplicate id in %s, pointed at the second one',
    (list) => {
      const { issues, text } = issuesAfter((data) => {
        data[list].push(structuredClone(data[list][0]));
        if (list === 'eServices') data.eServices[2].client.clientId = 'another-client';
      });
      const duplicate = issues.find((issue) => issue.path === `${list}[${list === 'eServices' ? 2 : 1}].id`);
      expect(duplicate?.message).toMatch(
        new RegExp(`is already used by ${list}\\[0\\]; each id must be unique`),
      );
      const firstLine = lineOf(text, `${list}:`);
      const id = String(validConfigData()[list][0].id);
      const secondIdLine = lineOf(text, `id: ${id}`, lineOf(text, `id: ${id}`, firstLine) + 1);
      expect(duplicate?.line).toBe(secondIdLine);
    },
  );

  it('two e-services with the same client id', () => {
    const issue = only((data) => {
      data.eServices[1].client.clientId = 'bygglov';
    });
    expect(issue).toMatchObject({
      path: 'eServices[1].client.clientId',
      message: 'The clientId "bygglov" is already used by eServices[0].client; each clientId must be unique.',
    });
  });
});

describe('officials', () => {
  const officialEnv = {
    ...fixtureEnv,
    BRYGGA_TOKEN_KARIN: 'SECRET-official-karin-0123456789abcdef0123',
    BRYGGA_TOKEN_REGISTRATOR: 'SECRET-official-registrator-0123456789abcdef',
    BRYGGA_TOKEN_COPY: 'SECRET-official-karin-0123456789abcdef0123',
  };
  // Only the variable is shared here, not the value with another variable.
  const { BRYGGA_TOKEN_COPY: _copy, ...withoutCopy } = officialEnv;
  const official = (id: string, env: string) => ({ id, name: id, token: { env } });

  it('accepts officials with ids and tokens of their own', () => {
    const data = validConfigData();
    data.audit = {
      officials: [
        official('karin', 'BRYGGA_TOKEN_KARIN'),
        official('registrator', 'BRYGGA_TOKEN_REGISTRATOR'),
      ],
    };
    const result = checkConfigText(toYaml(data), { filePath: '/srv/brygga.config.yaml', env: officialEnv });
    expect(result.ok, JSON.stringify(result)).toBe(true);
  });

  it('refuses two officials with the same id, pointed at the second one', () => {
    const issue = only((data) => {
      data.audit = {
        officials: [official('karin', 'BRYGGA_TOKEN_KARIN'), official('karin', 'BRYGGA_TOKEN_REGISTRATOR')],
      };
    }, officialEnv);
    expect(issue).toMatchObject({
      path: 'audit.officials[1].id',
      message: 'The id "karin" is already used by audit.officials[0]; each id must be unique.',
      found: '"karin"',
      line: lineOf(issue.text, 'id: karin', lineOf(issue.text, 'id: karin') + 1),
    });
  });

  it('refuses two officials whose tokens come from the same environment variable', () => {
    const issue = only((data) => {
      data.audit = {
        officials: [official('karin', 'BRYGGA_TOKEN_KARIN'), official('registrator', 'BRYGGA_TOKEN_KARIN')],
      };
    }, withoutCopy);
    expect(issue).toMatchObject({
      path: 'audit.officials[1].token.env',
      message:
        'The environment variable "BRYGGA_TOKEN_KARIN" is already used by audit.officials[0].token; each official needs a token of their own, or their extracts are recorded as made by another.',
      expected: 'an environment variable no other official uses',
      found: '"BRYGGA_TOKEN_KARIN"',
    });
  });

  it('refuses two officials whose tokens are the same value, naming the variables and never the token', () => {
    const issue = only((data) => {
      data.audit = {
        officials: [
          official('karin', 'BRYGGA_TOKEN_KARIN'),
          official('registrator', 'BRYGGA_TOKEN_REGISTRATOR'),
          official('kopia', 'BRYGGA_TOKEN_COPY'),
        ],
      };
    }, officialEnv);
    expect(issue).toMatchObject({
      path: 'audit.officials[2].token',
      message:
        "This official's token is the same as the one of audit.officials[0]: the environment variables BRYGGA_TOKEN_COPY and BRYGGA_TOKEN_KARIN hold the same value; each official needs a token of their own, or their extracts are recorded as made by another.",
      expected: 'a token no other official uses',
      found: 'the token of audit.officials[0] (value hidden)',
    });
    expect(JSON.stringify(issue)).not.toContain('SECRET-official');
  });
});

describe('addresses and environment', () => {
  it('refuses an http redirect address in production, even to localhost', () => {
    const issue = only((data) => {
      data.eServices[0].client.redirectUris = ['http://127.0.0.1:7403/callback'];
    });
    expect(issue).toMatchObject({
      path: 'eServices[0].client.redirectUris[0]',
      expected: 'an https:// address',
      found: '"http://127.0.0.1:7403/callback"',
    });
  });

  it('allows http to localhost in development, but not to other hosts', () => {
    const { issues } = issuesAfter((data) => {
      data.environment = 'development';
      data.eServices[0].client.redirectUris = [
        'http://127.0.0.1:7403/callback',
        'http://localhost/cb',
        'http://[::1]/cb',
      ];
      data.eServices[1].client.postLogoutRedirectUris = ['http://minasidor.exempel.se/'];
    });
    expect(issues.map((issue) => issue.path)).toEqual(['eServices[1].client.postLogoutRedirectUris[0]']);
  });

  it('checks every kind of client address, and refuses a #fragment', () => {
    const { issues } = issuesAfter((data) => {
      data.eServices[0].client.jwksUri = 'http://bygglov.exempel.se/jwks.json';
      data.eServices[1].client.backchannelLogoutUri = 'http://minasidor.exempel.se/logout';
      data.eServices[1].client.redirectUris = ['https://minasidor.exempel.se/callback#x'];
    });
    expect(issues.map((issue) => [issue.path, issue.expected])).toEqual([
      ['eServices[0].client.jwksUri', 'an https:// address'],
      ['eServices[1].client.redirectUris[0]', 'an address without #'],
      ['eServices[1].client.backchannelLogoutUri', 'an https:// address'],
    ]);
  });

  it('refuses allowInsecureHttp outside development', () => {
    const { issues } = issuesAfter((data) => {
      data.environment = 'test';
      data.server.publicUrl = 'http://127.0.0.1:8080';
      data.identityProviders[0].issuer = 'http://127.0.0.1:7401';
      data.identityProviders[0].allowInsecureHttp = true;
    });
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'identityProviders[0].allowInsecureHttp',
        message: 'allowInsecureHttp is only allowed when environment is development (here it is test).',
      }),
    ]);
  });

  it('refuses an http issuer unless allowInsecureHttp is set', () => {
    const issue = only((data) => {
      data.environment = 'development';
      data.identityProviders[0].issuer = 'http://127.0.0.1:7401';
    });
    expect(issue).toMatchObject({ path: 'identityProviders[0].issuer', expected: 'an https:// address' });
  });

  it('demands an https publicUrl in production', () => {
    expect(only((data) => delete data.server.publicUrl)).toMatchObject({ path: 'server.publicUrl' });
    expect(
      only((data) => {
        data.server.publicUrl = 'http://brygga.exempel.se';
      }),
    ).toMatchObject({
      path: 'server.publicUrl',
      message: 'In production the public address must use https://.',
    });
  });
});

describe('keys', () => {
  it('refuses one variable for both keys', () => {
    const issue = only((data) => {
      data.keys.checkpointSigning.key = { env: 'BRYGGA_AUDIT_HMAC_KEY' };
    });
    expect(issue).toMatchObject({ path: 'keys.checkpointSigning.key.env' });
  });

  it('refuses a key id used twice in the HMAC key ring', () => {
    const issue = only((data) => {
      data.keys.auditHmac.previous = [
        { keyId: 'audit-1', key: { env: 'BRYGGA_AUDIT_HMAC_KEY' } },
        { keyId: 'audit-2', key: { env: 'BRYGGA_AUDIT_HMAC_KEY' } },
      ];
    });
    expect(issue).toMatchObject({ path: 'keys.auditHmac.previous[1].keyId' });
  });
});

describe('robustness', () => {
  it('still checks references when other parts of the file have the wrong shape', () => {
    const { issues } = issuesAfter((data) => {
      data.businessSystems[0].timeouts = 'fast';
      data.eServices[0].purposes = ['nope'];
      data.purposes.push('not a mapping');
    });
    expect(issues.map((issue) => issue.path)).toEqual([
      'eServices[0].purposes[0]',
      'businessSystems[0].timeouts',
      'purposes[1]',
    ]);
  });
});
