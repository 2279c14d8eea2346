import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ConfigIssue, checkConfigText, formatIssues } from './index.ts';
import { type Data, fixtureEnv, lineOf, secretValues, toYaml, validConfigData } from './test-fixtures.ts';

const filePath = '/srv/brygga/brygga.config.yaml';

function check(text: string, env: Record<string, string | undefined> = fixtureEnv) {
  return checkConfigText(text, { filePath, env });
}

function issuesOf(text: string, env?: Record<string, string | undefined>): ConfigIssue[] {
  const result = check(text, env);
  if (result.ok) throw new Error('expected the configuration to be refused');
  return result.issues;
}

/** Replaces every `{ env: NAME }` in written data by the value the environment gives it. */
function withSecretsResolved(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withSecretsResolved);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]?.[0] === 'env')
      return fixtureEnv[entries[0][1] as keyof typeof fixtureEnv];
    return Object.fromEntries(entries.map(([key, each]) => [key, withSecretsResolved(each)]));
  }
  return value;
}

describe('a valid file', () => {
  it('round-trips: every value written comes back, secrets resolved, and checking again gives the same', () => {
    const text = toYaml(validConfigData());
    const result = check(text);
    if (!result.ok) throw new Error(formatIssues(result.issues));
    const written = withSecretsResolved(parse(text)) as Data;
    // Normalised on purpose: the storage path is made absolute and the trailing slash of publicUrl dropped.
    written.storage.sqlite.path = '/srv/brygga/data/brygga.db';
    written.server.publicUrl = 'https://brygga.exempel.se';
    expect(result.config).toMatchObject(written);

    const again = check(toYaml(validConfigData()));
    expect(again).toEqual(result);
  });

  it('fills in the business system of a contract pin that leaves it out', () => {
    const result = check(toYaml(validConfigData()));
    if (!result.ok) throw new Error(formatIssues(result.issues));
    expect(result.config.eServices[0]?.contracts[0]).toEqual({
      contract: 'case-management',
      version: '2026-01-15',
      businessSystem: 'arendehantering',
      delivery: 'direct',
    });
  });
});

describe('defaults', () => {
  const minimal = [
    'environment: development',
    'keys:',
    '  auditHmac: { keyId: a1, key: { env: BRYGGA_AUDIT_HMAC_KEY } }',
    '  checkpointSigning: { keyId: c1, key: { env: BRYGGA_CHECKPOINT_SIGNING_KEY } }',
  ].join('\n');

  it('fills in every optional section', () => {
    const result = check(minimal);
    if (!result.ok) throw new Error(formatIssues(result.issues));
    const { config } = result;
    expect(config.server).toEqual({
      host: '127.0.0.1',
      port: 7400,
      publicUrl: 'http://127.0.0.1:7400',
      bodyLimitBytes: 1024 * 1024,
      shutdownGraceMs: 10_000,
      trustedProxies: [],
      rateLimits: {
        loginPerAddress: { burst: 2000, perMinute: 1200 },
        tokenPerAddress: { burst: 300, perMinute: 600 },
        tokenPerClient: { burst: 300, perMinute: 600 },
      },
    });
    expect(config.logging.level).toBe('info');
    expect(config.storage).toEqual({ driver: 'sqlite', sqlite: { path: '/srv/brygga/.brygga/brygga.db' } });
    expect(config.identityProviders).toEqual([]);
    expect(config.eServices).toEqual([]);
    expect(config.businessSystems).toEqual([]);
    expect(config.purposes).toEqual([]);
    expect(config.retentionClasses).toEqual([]);
    expect(config.keys.auditHmac).toEqual({
      keyId: 'a1',
      key: fixtureEnv.BRYGGA_AUDIT_HMAC_KEY,
      previous: [],
    });
  });

  it('is production when environment is left out, which then demands an https publicUrl', () => {
    const issues = issuesOf(minimal.replace('environment: development', ''));
    expect(issues.map((issue) => issue.path)).toEqual(['server.publicUrl']);
    const withUrl = check(
      `${minimal.replace('environment: development', '')}\nserver: { publicUrl: https://b.se }`,
    );
    expect(withUrl.ok && withUrl.config.environment).toBe('production');
  });

  it('derives publicUrl from a wildcard or IPv6 host as an address a browser can open', () => {
    const wildcard = check(`${minimal}\nserver: { host: 0.0.0.0, port: 9000 }`);
    expect(wildcard.ok && wildcard.config.server.publicUrl).toBe('http://127.0.0.1:9000');
    const ipv6 = check(`${minimal}\nserver: { host: '::1' }`);
    expect(ipv6.ok && ipv6.config.server.publicUrl).toBe('http://[::1]:7400');
  });

  it('fills in identity provider, e-service client, business system and postgres defaults', () => {
    const data = validConfigData();
    delete data.identityProviders[0].claims;
    data.storage = { driver: 'postgres' };
    delete data.businessSystems[0].timeouts;
    delete data.businessSystems[0].credentials;
    const result = check(toYaml(data), { ...fixtureEnv, BRYGGA_DATABASE_URL: 'postgres://db/brygga' });
    if (!result.ok) throw new Error(formatIssues(result.issues));
    const idp = result.config.identityProviders[0];
    expect(idp?.acceptedAcr).toEqual([
      'http://id.elegnamnden.se/loa/1.0/loa3',
      'http://id.swedenconnect.se/loa/1.0/uncertified-loa3',
    ]);
    expect(idp?.claims).toEqual({
      personalIdentityNumber: 'https://id.oidc.se/claim/personalIdentityNumber',
      source: 'idToken',
    });
    expect(idp?.allowInsecureHttp).toBe(false);
    const client = result.config.eServices[0]?.client;
    expect(client?.tokenEndpointAuthMethod).toBe('private_key_jwt');
    expect(client?.postLogoutRedirectUris).toEqual([]);
    expect(result.config.businessSystems[0]?.timeouts).toEqual({ connectMs: 2000, requestMs: 10_000 });
    expect(result.config.businessSystems[0]?.credentials).toEqual({ type: 'none' });
    expect(result.config.storage).toEqual({
      driver: 'postgres',
      postgres: { url: 'postgres://db/brygga', poolMax: 10 },
    });
  });
});

describe('mistakes', () => {
  it('reports three different mistakes at once, each with its path and line', () => {
    const data = validConfigData();
    data.server.port = 70_000; // a value out of range
    data.eServices[1].lifecycle = 'production'; // not one of the allowed values
    data.eServices[0].purposes = ['tax-check']; // a reference to nothing
    const text = toYaml(data);
    const issues = issuesOf(text);
    expect(issues.map((issue) => [issue.path, issue.line])).toEqual([
      ['server.port', lineOf(text, 'port: 70000')],
      ['eServices[0].purposes[0]', lineOf(text, '- tax-check')],
      ['eServices[1].lifecycle', lineOf(text, 'lifecycle: production')],
    ]);
    expect(issues[0]).toMatchObject({ expected: 'a number of at most 65535', found: '70000' });
    expect(issues[1]).toMatchObject({
      expected: 'the id of a purpose defined under purposes',
      found: '"tax-check"',
    });
    expect(issues[2]).toMatchObject({ expected: 'one of development, live, retired', found: '"production"' });
    for (const issue of issues) expect(issue.column).toBeGreaterThan(0);
  });

  it('reports a purpose without a legal basis', () => {
    const data = validConfigData();
    delete data.purposes[0].legalBasis;
    const issues = issuesOf(toYaml(data));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('purposes[0].legalBasis');
    expect(issues[0]?.message).toMatch(/"legalBasis" is required but missing.*legal basis/);
    expect(issues[0]?.expected).toBe('a mapping with the keys article (required), reference');
  });

  it('reports a value of the wrong kind, a malformed value and an empty list in plain words', () => {
    const data = validConfigData();
    data.server.shutdownGraceMs = 'soon';
    data.eServices[0].responsible.email = 'karin';
    data.purposes[0].dataCategories = [];
    const issues = issuesOf(toYaml(data));
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'server.shutdownGraceMs',
        expected: 'whole number of at least 0',
        found: '"soon"',
      }),
      expect.objectContaining({
        path: 'eServices[0].responsible.email',
        expected: 'an e-mail address, e.g. namn@stad.se',
        found: '"karin"',
      }),
      expect.objectContaining({
        path: 'purposes[0].dataCategories',
        expected: 'at least 1 item',
        found: 'an empty list',
      }),
    ]);
  });

  it('names the accepted kinds when a discriminator is wrong', () => {
    const data = validConfigData();
    data.storage = { driver: 'mysql' };
    const issues = issuesOf(toYaml(data));
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'storage.driver',
        expected: 'one of sqlite, postgres',
        found: '"mysql"',
      }),
    ]);
  });

  it('refuses a file that is not a mapping', () => {
    const issues = issuesOf('- one\n- two\n');
    expect(issues).toEqual([expect.objectContaining({ path: '', found: 'a list of 2 items', line: 1 })]);
  });
});

describe('unknown keys', () => {
  it('suggests the key that was probably meant, at the line of the key', () => {
    const text = toYaml(validConfigData()).replace('publicUrl:', 'publicURL:');
    const issues = issuesOf(text);
    const unknown = issues.find((issue) => issue.path === 'server.publicURL');
    expect(unknown?.message).toBe('Unknown key "publicURL". Did you mean "publicUrl"?');
    expect(unknown?.line).toBe(lineOf(text, 'publicURL:'));
    expect(unknown?.expected).toContain('publicUrl');
  });

  it('suggests near misses at any depth, and nothing when no key is close', () => {
    const data = validConfigData();
    data.purpsoes = data.purposes;
    delete data.purposes;
    data.retentionClasses[0].colour = 'blue';
    const issues = issuesOf(toYaml(data));
    const byPath = new Map(issues.map((issue) => [issue.path, issue]));
    expect(byPath.get('purpsoes')?.message).toBe('Unknown key "purpsoes". Did you mean "purposes"?');
    expect(byPath.get('retentionClasses[0].colour')?.message).toBe('Unknown key "colour".');
  });

  it('says which choice a key belongs to when it comes from another option', () => {
    const data = validConfigData();
    delete data.eServices[1].client.tokenEndpointAuthMethod;
    const issues = issuesOf(toYaml(data));
    expect(issues.map((issue) => issue.path)).toEqual([
      'eServices[1].client.jwksUri',
      'eServices[1].client.clientSecret',
    ]);
    expect(issues[1]?.message).toBe(
      'Unknown key "clientSecret". It is used with tokenEndpointAuthMethod: client_secret_basic or client_secret_post (tokenEndpointAuthMethod is private_key_jwt here).',
    );
  });

  it('never shows the value under an unknown key', () => {
    const data = validConfigData();
    data.businessSystems[0].apiKey = 'typed-in-SECRET-value';
    const issues = issuesOf(toYaml(data));
    expect(issues[0]?.found).toBe('the key "apiKey"');
    expect(formatIssues(issues)).not.toContain('typed-in-SECRET-value');
  });
});

describe('secrets', () => {
  it('refuses a secret written in the file, names the path, and does not repeat it', () => {
    const data = validConfigData();
    data.businessSystems[0].credentials.key = 'LITERAL-secret-key-1234';
    const text = toYaml(data);
    const issues = issuesOf(text);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      path: 'businessSystems[0].credentials.key',
      expected: '{ env: NAME }',
      found: 'text (value hidden)',
      line: lineOf(text, 'LITERAL-secret-key-1234'),
    });
    expect(issues[0]?.message).toMatch(/A secret must not be written in the configuration file/);
    expect(formatIssues(issues, filePath)).not.toContain('LITERAL-secret-key-1234');
  });

  it('reports each missing environment variable by name', () => {
    const { BRYGGA_ARENDE_API_KEY: _api, BRYGGA_AUDIT_HMAC_KEY: _hmac, ...rest } = fixtureEnv;
    const issues = issuesOf(toYaml(validConfigData()), rest);
    expect(issues.map((issue) => [issue.path, issue.message])).toEqual([
      [
        'businessSystems[0].credentials.key',
        'The environment variable BRYGGA_ARENDE_API_KEY is not set; it must hold this secret.',
      ],
      [
        'keys.auditHmac.key',
        'The environment variable BRYGGA_AUDIT_HMAC_KEY is not set; it must hold this secret.',
      ],
    ]);
  });

  it('reports the variables together with every other mistake', () => {
    const data = validConfigData();
    data.logging.level = 'loud';
    const { BRYGGA_CHECKPOINT_SIGNING_KEY: _unused, ...rest } = fixtureEnv;
    const issues = issuesOf(toYaml(data), rest);
    expect(issues.map((issue) => issue.path)).toEqual(['logging.level', 'keys.checkpointSigning.key']);
  });

  it('treats an empty variable as missing and a short HMAC key as too weak', () => {
    const issues = issuesOf(toYaml(validConfigData()), {
      ...fixtureEnv,
      BRYGGA_ARENDE_API_KEY: '',
      BRYGGA_AUDIT_HMAC_KEY: 'short-SECRET',
    });
    expect(issues.map((issue) => issue.message)).toEqual([
      'The environment variable BRYGGA_ARENDE_API_KEY is empty; it must hold this secret.',
      'The secret in BRYGGA_AUDIT_HMAC_KEY is too short to be safe.',
    ]);
  });

  it('never lets a secret value reach any formatted output', () => {
    const data = validConfigData();
    data.eServices[1].client.clientSecret = { env: 'lower-case-SECRET-in-env-field' };
    data.eServices[0].client.clientSecrte = 'TYPO-SECRET-under-unknown-key';
    data.identityProviders[0].clientAuthentication.privateKey = 'LITERAL-SECRET-private-key';
    data.keys.checkpointSigning.key = { env: 'BRYGGA_NOT_SET' };
    data.storage = { driver: 'postgres', postgres: { url: 'postgres://user:LITERAL-SECRET-password@db/x' } };
    const env = { ...fixtureEnv, BRYGGA_AUDIT_HMAC_KEY: 'short-SECRET' };
    const issues = issuesOf(toYaml(data), env);
    const output = `${formatIssues(issues, filePath)}\n${JSON.stringify(issues)}`;
    expect(issues.length).toBeGreaterThanOrEqual(6);
    for (const value of [...secretValues, 'short-SECRET']) expect(output).not.toContain(value);
    expect(output).not.toMatch(/SECRET/);
    expect(output).toContain('BRYGGA_NOT_SET');
  });
});

describe('YAML syntax', () => {
  it('reports a syntax error with its line and column, and nothing guessed from the broken structure', () => {
    const text = ['environment: production', 'server:', '  port: 7400', '   host: x', 'keys: {}'].join('\n');
    const issues = issuesOf(text);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]).toMatchObject({ path: '', line: 3, expected: 'valid YAML' });
    expect(issues[0]?.message).toMatch(/^The YAML cannot be read: /);
    expect(issues.every((issue) => issue.path === '')).toBe(true);
  });

  it('never quotes the source line, which may hold a secret', () => {
    const issues = issuesOf('environment: production\nclientSecret: "SECRET-in-source\nport: 1\n');
    expect(issues[0]?.message).toBe('The YAML cannot be read: Missing closing "quote');
    expect(formatIssues(issues)).not.toContain('SECRET');
  });

  it('reports a duplicate key at its line', () => {
    const duplicate = issuesOf('environment: production\nenvironment: test\n');
    expect(duplicate).toEqual([
      expect.objectContaining({ line: 2, message: 'The YAML cannot be read: Map keys must be unique' }),
    ]);
  });

  it('stops an alias bomb instead of expanding it', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let index = 0; index < 8; index++) {
      const previous = String.fromCharCode(97 + index);
      const next = String.fromCharCode(98 + index);
      lines.push(`${next}: &${next} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    const issues = issuesOf(lines.join('\n'));
    expect(issues[0]?.message).toMatch(/^The YAML cannot be read/);
  });
});

describe('paths', () => {
  it('resolves the sqlite path against the folder of the file', () => {
    const text = toYaml(validConfigData());
    const elsewhere = checkConfigText(text, { filePath: 'relative/dir/brygga.config.yaml', env: fixtureEnv });
    expect(elsewhere.ok && elsewhere.config.storage).toEqual({
      driver: 'sqlite',
      sqlite: { path: resolve('relative/dir/data/brygga.db') },
    });
  });
});
