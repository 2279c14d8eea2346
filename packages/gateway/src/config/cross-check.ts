import { describeFound } from './describe-value.ts';
import type { ConfigPath, PendingIssue } from './issue.ts';
import { formatPath } from './issue.ts';
import { isRecord } from './schema-walk.ts';
import { didYouMean } from './suggest.ts';

/*
 * Checks between sections: references, unique ids and rules that depend on `environment`. They read the raw
 * data, tolerating any shape, so they run even when the schema found mistakes elsewhere and people see every
 * mistake in one go. Anything of the wrong shape is skipped here: the schema reports it.
 */

const idLists = [
  'identityProviders',
  'eServices',
  'businessSystems',
  'purposes',
  'retentionClasses',
] as const;
type IdList = (typeof idLists)[number];

interface Entry {
  readonly index: number;
  readonly value: Record<string, unknown>;
}

export function crossCheck(data: unknown): PendingIssue[] {
  if (!isRecord(data)) return [];
  const root = data;
  const environment = typeof root.environment === 'string' ? root.environment : 'production';
  const development = environment === 'development';
  const issues: PendingIssue[] = [];
  const entries = Object.fromEntries(idLists.map((list) => [list, entriesOf(root[list])])) as Record<
    IdList,
    Entry[]
  >;
  const ids = Object.fromEntries(idLists.map((list) => [list, idsOf(entries[list])])) as Record<
    IdList,
    Set<string>
  >;

  for (const list of idLists)
    issues.push(...duplicates(entries[list], (entry) => [list, entry.index, 'id'], 'id'));

  issues.push(
    ...duplicates(
      entries.eServices.map((entry) => ({
        index: entry.index,
        value: isRecord(entry.value.client) ? entry.value.client : {},
      })),
      (entry) => ['eServices', entry.index, 'client', 'clientId'],
      'clientId',
    ),
  );

  for (const { index, value } of entries.eServices) {
    const at = (...rest: (string | number)[]): ConfigPath => ['eServices', index, ...rest];
    issues.push(
      ...references(value.purposes, ids.purposes, (j) => at('purposes', j), {
        message: 'This e-service names a purpose that is not defined.',
        expected: 'the id of a purpose defined under purposes',
      }),
      ...references(value.identityProviders, ids.identityProviders, (j) => at('identityProviders', j), {
        message: 'This e-service names an identity provider that is not defined.',
        expected: 'the id of an identity provider defined under identityProviders',
      }),
      ...contractPins(value.contracts, entries.businessSystems, at),
      ...clientAddresses(value.client, development, at),
    );
    const release = isRecord(value.identity) ? value.identity.personalIdentityNumber : undefined;
    if (isRecord(release) && typeof release.purpose === 'string' && !ids.purposes.has(release.purpose)) {
      issues.push({
        path: at('identity', 'personalIdentityNumber', 'purpose'),
        message: `This e-service asks for the personnummer for a purpose that is not defined.${didYouMean(release.purpose, ids.purposes)}`,
        expected: 'the id of a purpose defined under purposes',
        found: describeFound(release.purpose),
      });
    }
  }

  for (const { index, value } of entries.purposes) {
    const retention = value.retentionClass;
    if (typeof retention === 'string' && !ids.retentionClasses.has(retention)) {
      issues.push({
        path: ['purposes', index, 'retentionClass'],
        message: `This purpose names a retention class that is not defined.${didYouMean(retention, ids.retentionClasses)}`,
        expected: 'the id of a retention class defined under retentionClasses',
        found: describeFound(retention),
      });
    }
  }

  for (const { index, value } of entries.identityProviders) {
    const insecure = value.allowInsecureHttp === true;
    if (insecure && !development) {
      issues.push({
        path: ['identityProviders', index, 'allowInsecureHttp'],
        message: `allowInsecureHttp is only allowed when environment is development (here it is ${environment}).`,
        expected: 'false (or environment: development)',
        found: 'true',
      });
    }
    if (typeof value.issuer === 'string' && value.issuer.startsWith('http://') && !insecure) {
      issues.push({
        path: ['identityProviders', index, 'issuer'],
        message:
          'The issuer uses http://, which lets anyone on the network change logins. Use https://, or set allowInsecureHttp: true for a local test provider in development.',
        expected: 'an https:// address',
        found: describeFound(value.issuer),
      });
    }
  }

  issues.push(...officialChecks(root.audit));
  if (environment === 'production') issues.push(...productionServer(root.server));
  issues.push(...keyChecks(root.keys));
  return issues;
}

function entriesOf(list: unknown): Entry[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((value, index) => (isRecord(value) ? [{ index, value }] : []));
}

function idsOf(entries: readonly Entry[]): Set<string> {
  return new Set(entries.flatMap(({ value }) => (typeof value.id === 'string' ? [value.id] : [])));
}

function duplicates(
  entries: readonly Entry[],
  pathOf: (entry: Entry) => ConfigPath,
  key: string,
): PendingIssue[] {
  const first = new Map<string, Entry>();
  const issues: PendingIssue[] = [];
  for (const entry of entries) {
    const value = entry.value[key];
    if (typeof value !== 'string') continue;
    const earlier = first.get(value);
    if (earlier === undefined) {
      first.set(value, entry);
      continue;
    }
    issues.push({
      path: pathOf(entry),
      message: `The ${key} "${value}" is already used by ${formatPath(pathOf(earlier).slice(0, -1))}; each ${key} must be unique.`,
      expected: 'a value not used elsewhere in this list',
      found: describeFound(value),
    });
  }
  return issues;
}

function references(
  list: unknown,
  known: ReadonlySet<string>,
  pathOf: (index: number) => ConfigPath,
  text: { message: string; expected: string },
): PendingIssue[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item, index) =>
    typeof item === 'string' && !known.has(item)
      ? [
          {
            path: pathOf(index),
            message: `${text.message}${didYouMean(item, known)}`,
            expected: text.expected,
            found: describeFound(item),
          },
        ]
      : [],
  );
}

/** Each pinned contract must be served by a business system: the named one, or the only one that lists it. */
function contractPins(
  list: unknown,
  systems: readonly Entry[],
  at: (...rest: (string | number)[]) => ConfigPath,
): PendingIssue[] {
  const issues: PendingIssue[] = [];
  const seen = new Set<string>();
  for (const { index, value } of entriesOf(list)) {
    const contract = value.contract;
    if (typeof contract !== 'string') continue;
    if (seen.has(contract)) {
      issues.push({
        path: at('contracts', index, 'contract'),
        message: `The contract "${contract}" is pinned twice; an e-service uses one version of each contract.`,
        expected: 'each contract once',
        found: describeFound(contract),
      });
    }
    seen.add(contract);
    const providers = systems.filter((system) => listOfStrings(system.value.contracts).includes(contract));
    const named = value.businessSystem;
    if (typeof named === 'string') {
      const system = systems.find((each) => each.value.id === named);
      if (system === undefined) {
        issues.push({
          path: at('contracts', index, 'businessSystem'),
          message: `This names a business system that is not defined.${didYouMean(named, idsOf(systems))}`,
          expected: 'the id of a business system defined under businessSystems',
          found: describeFound(named),
        });
      } else if (!providers.includes(system)) {
        issues.push({
          path: at('contracts', index, 'contract'),
          message: `The business system "${named}" does not serve the contract "${contract}" (it is not in its contracts list).`,
          expected: `a contract listed in businessSystems[${system.index}].contracts`,
          found: describeFound(contract),
        });
      }
    } else if (named === undefined && providers.length !== 1) {
      const allContracts = new Set(systems.flatMap((system) => listOfStrings(system.value.contracts)));
      issues.push({
        path: at('contracts', index, 'contract'),
        message:
          providers.length === 0
            ? `No business system serves the contract "${contract}".${didYouMean(contract, allContracts)}`
            : `Several business systems serve "${contract}" (${providers.map((p) => String(p.value.id)).join(', ')}); say which one with businessSystem.`,
        expected:
          providers.length === 0
            ? 'a contract listed under businessSystems[].contracts'
            : 'a businessSystem key naming one of them',
        found: describeFound(contract),
      });
    }
  }
  return issues;
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** OAuth redirect targets: https only, so codes and tokens never cross a network in clear text. */
function clientAddresses(
  client: unknown,
  development: boolean,
  at: (...rest: (string | number)[]) => ConfigPath,
): PendingIssue[] {
  if (!isRecord(client)) return [];
  const addresses: { path: ConfigPath; value: unknown }[] = [
    ...listOf(client.redirectUris).map((value, index) => ({
      path: at('client', 'redirectUris', index),
      value,
    })),
    ...listOf(client.postLogoutRedirectUris).map((value, index) => ({
      path: at('client', 'postLogoutRedirectUris', index),
      value,
    })),
    { path: at('client', 'backchannelLogoutUri'), value: client.backchannelLogoutUri },
    { path: at('client', 'jwksUri'), value: client.jwksUri },
  ];
  const issues: PendingIssue[] = [];
  for (const { path, value } of addresses) {
    if (typeof value !== 'string' || !URL.canParse(value)) continue;
    const url = new URL(value);
    if (url.hash !== '' || value.includes('#')) {
      issues.push({
        path,
        message: 'A redirect address must not contain a #fragment.',
        expected: 'an address without #',
        found: describeFound(value),
      });
    }
    if (url.protocol === 'https:') continue;
    if (url.protocol === 'http:' && development && loopbackHosts.has(url.hostname)) continue;
    issues.push({
      path,
      message: development
        ? 'This address must use https://; http:// is allowed only for localhost, 127.0.0.1 or [::1].'
        : 'This address must use https:// (http:// to localhost is allowed only when environment is development).',
      expected: 'an https:// address',
      found: describeFound(value),
    });
  }
  return issues;
}

function productionServer(server: unknown): PendingIssue[] {
  const publicUrl = isRecord(server) ? server.publicUrl : undefined;
  if (publicUrl === undefined) {
    return [
      {
        path: ['server', 'publicUrl'],
        message: 'In production the public address must be given: logins redirect people to it.',
        expected: 'an https:// address, e.g. https://brygga.stad.se',
        found: describeFound(undefined),
      },
    ];
  }
  if (typeof publicUrl === 'string' && publicUrl.startsWith('http://')) {
    return [
      {
        path: ['server', 'publicUrl'],
        message: 'In production the public address must use https://.',
        expected: 'an https:// address',
        found: describeFound(publicUrl),
      },
    ];
  }
  return [];
}

/**
 * Each official has an id and a token of their own: the extract route credits a token to the first official
 * holding it, so a shared token would record one official's extracts as another's. Tokens are compared here by
 * their environment variable; equal values in different variables are found by the schema, which reads them.
 */
function officialChecks(audit: unknown): PendingIssue[] {
  const officials = entriesOf(isRecord(audit) ? audit.officials : undefined);
  const at = (entry: Entry): ConfigPath => ['audit', 'officials', entry.index];
  const issues = duplicates(officials, (entry) => [...at(entry), 'id'], 'id');
  const first = new Map<string, Entry>();
  for (const entry of officials) {
    const variable = isRecord(entry.value.token) ? entry.value.token.env : undefined;
    if (typeof variable !== 'string') continue;
    const earlier = first.get(variable);
    if (earlier === undefined) {
      first.set(variable, entry);
      continue;
    }
    issues.push({
      path: [...at(entry), 'token', 'env'],
      message: `The environment variable "${variable}" is already used by ${formatPath([...at(earlier), 'token'])}; ${ownToken}`,
      expected: 'an environment variable no other official uses',
      found: describeFound(variable),
    });
  }
  return issues;
}

/** Why officials' tokens must differ; shared with the schema's check of the values. */
export const ownToken =
  'each official needs a token of their own, or their extracts are recorded as made by another.';

/** Two uses must not share one key, and a key id must name exactly one key. */
function keyChecks(keys: unknown): PendingIssue[] {
  if (!isRecord(keys)) return [];
  const issues: PendingIssue[] = [];
  const envOf = (ring: unknown): string | undefined =>
    isRecord(ring) && isRecord(ring.key) && typeof ring.key.env === 'string' ? ring.key.env : undefined;
  const hmacEnv = envOf(keys.auditHmac);
  if (hmacEnv !== undefined && hmacEnv === envOf(keys.checkpointSigning)) {
    issues.push({
      path: ['keys', 'checkpointSigning', 'key', 'env'],
      message:
        'The checkpoint signing key and the audit HMAC key come from the same variable; each key must have one use.',
      expected: `an environment variable other than ${hmacEnv}`,
      found: describeFound(hmacEnv),
    });
  }
  const hmac = keys.auditHmac;
  if (isRecord(hmac)) {
    const seen = new Set<string>(typeof hmac.keyId === 'string' ? [hmac.keyId] : []);
    for (const { index, value } of entriesOf(hmac.previous)) {
      const keyId = value.keyId;
      if (typeof keyId !== 'string') continue;
      if (seen.has(keyId)) {
        issues.push({
          path: ['keys', 'auditHmac', 'previous', index, 'keyId'],
          message: `The key id "${keyId}" is used twice; a key id must name exactly one key.`,
          expected: 'a key id not used by another version of this key',
          found: describeFound(keyId),
        });
      }
      seen.add(keyId);
    }
  }
  return issues;
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function listOfStrings(value: unknown): string[] {
  return listOf(value).filter((item): item is string => typeof item === 'string');
}
