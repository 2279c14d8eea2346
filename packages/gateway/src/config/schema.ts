import { resolve } from 'node:path';
import { z } from 'zod';
import { isAddressOrBlock } from '../http/middleware/rate-limit/client-address.ts';
import { ownToken } from './cross-check.ts';
import {
  type Env,
  email,
  httpUrl,
  id,
  isoDate,
  isoDuration,
  localisedText,
  secret,
  text,
  whole,
} from './fields.ts';

/** The Swedish level-of-assurance 3 URIs (eIDAS substantial): what a BankID or Freja login gives. */
export const defaultAcceptedAcr = [
  'http://id.elegnamnden.se/loa/1.0/loa3',
  'http://id.swedenconnect.se/loa/1.0/uncertified-loa3',
] as const;

/** The claim of the Swedish OpenID Connect profile that carries the personnummer. */
export const defaultPersonalNumberClaim = 'https://id.oidc.se/claim/personalIdentityNumber';

/** Where the Swedish profile puts a samordningsnummer instead of a personnummer. */
export const defaultCoordinationNumberClaim = 'https://id.oidc.se/claim/coordinationNumber';

/** What the gateway asks a provider for at login: an OpenID login with the person's identity number. */
export const defaultUpstreamScopes = ['openid', 'https://id.oidc.se/scope/naturalPersonNumber'] as const;

export const defaultSqlitePath = '.brygga/brygga.db';
export const defaultDatabaseUrlEnv = 'BRYGGA_DATABASE_URL';
export const defaultCheckpointDir = '.brygga/audit-checkpoints';

export const environments = ['development', 'test', 'production'] as const;
export const legalBases = ['6(1)(a)', '6(1)(b)', '6(1)(c)', '6(1)(d)', '6(1)(e)', '6(1)(f)'] as const;

export interface SchemaContext {
  /** Where secrets are read from. */
  readonly env: Env;
  /** The folder relative paths in the file are resolved against (the config file's folder). */
  readonly baseDir: string;
}

/**
 * The schema of `brygga.config.yaml`. Built per check because secrets are resolved from `env` and paths made
 * absolute against `baseDir` while parsing; the descriptions here are also the generated reference docs.
 */
export function buildConfigSchema(context: SchemaContext) {
  const { env, baseDir } = context;

  const server = z
    .strictObject({
      host: text()
        .default('127.0.0.1')
        .describe(
          'Address to listen on. 127.0.0.1 keeps the gateway on this machine; 0.0.0.0 listens on all network interfaces (put a TLS-terminating proxy in front).',
        ),
      port: whole(1, 65535).default(7400).describe('TCP port to listen on.'),
      publicUrl: httpUrl()
        .optional()
        .describe(
          'The address citizens and e-services use to reach the gateway, e.g. https://brygga.stad.se. Default: http://HOST:PORT, from host and port. Required, and https, when environment is production.',
        ),
      bodyLimitBytes: whole(1)
        .default(1024 * 1024)
        .describe(
          'Largest request body accepted, in bytes (default 1 MiB). Larger bodies are refused with 413.',
        ),
      shutdownGraceMs: whole(0)
        .default(10_000)
        .describe('On shutdown, how long requests already running may take to finish, in milliseconds.'),
      trustedProxies: z
        .array(
          text().refine(isAddressOrBlock, {
            error: 'This is neither an IP address nor a CIDR block.',
            params: { expected: 'an IP address (10.0.0.5, 2001:db8::1) or a CIDR block (10.0.0.0/8)' },
          }),
        )
        .default([])
        .describe(
          'The reverse proxies in front of the gateway, as IP addresses or CIDR blocks. A request from one of them is counted by the client address in its X-Forwarded-For (read from the right, past every trusted proxy). Empty (the default): the address that opened the connection counts, and X-Forwarded-For is ignored.',
        ),
      rateLimits: z
        .strictObject({
          loginPerAddress: rateLimitRule(2000, 1200).describe(
            "A browser's login steps (/oidc/auth, /login/*, /auth/callback, /oidc/session/end) per client address.",
          ),
          tokenPerAddress: rateLimitRule(300, 600).describe(
            'The token endpoint (/oidc/token) per client address.',
          ),
          tokenPerClient: rateLimitRule(300, 600).describe(
            'The token endpoint (/oidc/token) per registered e-service (client id) and client address together, so requests naming an e-service from elsewhere cannot use up its allowance.',
          ),
        })
        .prefault({})
        .describe(
          'How often the login endpoints may be used, per gateway instance. Past a limit the gateway answers 429 rate_limited with Retry-After.',
        ),
    })
    .transform((value) => ({
      ...value,
      publicUrl: stripTrailingSlash(value.publicUrl ?? derivePublicUrl(value)),
    }))
    .prefault({})
    .describe('How the gateway listens for HTTP.');

  const logging = z
    .strictObject({
      level: z
        .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
        .default('info')
        .describe('The least important kind of log line written (pino levels).'),
    })
    .prefault({})
    .describe('Application logging. The audit log is separate and not affected by this.');

  const clientAuthentication = z
    .discriminatedUnion('method', [
      z.strictObject({
        method: z
          .literal('private_key_jwt')
          .describe('Sign a JWT with our private key (the Swedish profile default).'),
        privateKey: secret(env).describe(
          'Our private signing key, as a private JWK (JSON) or a PKCS#8 PEM; its public half is registered with the provider.',
        ),
        keyId: text()
          .optional()
          .describe('The `kid` of the key, when the provider needs it to pick the right public key.'),
      }),
      z.strictObject({
        method: z
          .enum(['client_secret_basic', 'client_secret_post'])
          .describe(
            'A shared client secret. A fallback only, for providers that do not support private_key_jwt.',
          ),
        clientSecret: secret(env).describe('The client secret issued by the provider.'),
      }),
    ])
    .describe(
      'How the gateway proves who it is to the provider. private_key_jwt is expected; a client secret is a fallback.',
    );

  const identityProvider = z.strictObject({
    id: id('Stable id, used by e-services to name the providers they accept.'),
    name: text().describe('Name shown to people, e.g. "BankID".'),
    kind: z.enum(['bankid', 'freja', 'other']).describe('Which e-identification the provider brokers.'),
    issuer: httpUrl().describe(
      'The OpenID Connect issuer URL; its /.well-known/openid-configuration is fetched at start-up.',
    ),
    clientId: text().describe('The client id the provider gave the gateway.'),
    clientAuthentication,
    acceptedAcr: z
      .array(text())
      .min(1)
      .default([...defaultAcceptedAcr])
      .describe('Allowlist of acr (level of assurance) values a login must have; anything else is refused.'),
    claims: z
      .strictObject({
        personalIdentityNumber: text()
          .default(defaultPersonalNumberClaim)
          .describe(
            'The claim that holds the personnummer, e.g. https://id.oidc.se/claim/personalIdentityNumber, ssn or nin.',
          ),
        source: z
          .enum(['idToken', 'userinfo'])
          .default('idToken')
          .describe('Where that claim is read: the ID token or the UserInfo response.'),
      })
      .prefault({})
      .describe('Where the provider puts the personnummer. Brokers differ; a login without it fails.'),
    coordinationNumberClaim: text()
      .default(defaultCoordinationNumberClaim)
      .describe(
        'The claim that holds a samordningsnummer when the provider keeps it apart from the personnummer (the Swedish profile does); read, from the same place, only when the personnummer claim is absent.',
      ),
    allowCoordinationNumber: z
      .boolean()
      .default(true)
      .describe(
        'Accept a samordningsnummer (coordination number) as well as a personnummer. When false, a login with one fails.',
      ),
    scopes: z
      .array(text())
      .min(1)
      .default([...defaultUpstreamScopes])
      .describe(
        'Scopes asked for at login; openid is required. The default asks for the number as the Swedish profile names it.',
      ),
    allowInsecureHttp: z
      .boolean()
      .default(false)
      .describe(
        'Allow an http:// issuer. Only for a local test provider: refused unless environment is development.',
      ),
  });

  const eServiceClientBase = {
    clientId: text().describe('The OpenID Connect client id of the e-service at the gateway.'),
    redirectUris: z
      .array(httpUrl())
      .default([])
      .describe(
        'Where the gateway may send people back after login. https only, except localhost in development. Leave out for an e-service that never logs citizens in (its backend uses client credentials only).',
      ),
    postLogoutRedirectUris: z
      .array(httpUrl())
      .default([])
      .describe('Where the gateway may send people after logout. Same rules as redirectUris.'),
    backchannelLogoutUri: httpUrl()
      .optional()
      .describe(
        'Where the gateway posts a logout token when a session ends (OpenID Connect Back-Channel Logout).',
      ),
  };

  const eServiceClient = z
    .discriminatedUnion('tokenEndpointAuthMethod', [
      z.strictObject({
        ...eServiceClientBase,
        tokenEndpointAuthMethod: z
          .literal('private_key_jwt')
          .default('private_key_jwt')
          .describe('The e-service signs a JWT with its own key (recommended, and the default).'),
        jwksUri: httpUrl().describe('Where the e-service publishes its public keys (JWKS).'),
      }),
      z.strictObject({
        ...eServiceClientBase,
        tokenEndpointAuthMethod: z
          .enum(['client_secret_basic', 'client_secret_post'])
          .describe('The e-service authenticates with a shared secret.'),
        clientSecret: secret(env, { minLength: 32 }).describe('The shared secret, at least 32 characters.'),
      }),
    ])
    .describe('The e-service registered as an OpenID Connect client of the gateway.');

  const contractPin = z.strictObject({
    contract: id('Name of the contract, e.g. case-management.'),
    version: isoDate().describe(
      'The contract version the e-service is built against (an ISO date, e.g. 2026-01-15).',
    ),
    businessSystem: id(
      'Id of the business system that serves this contract. May be left out when exactly one business system lists the contract.',
    ).optional(),
    delivery: z
      .enum(['direct', 'outbox'])
      .default('direct')
      .describe(
        'How writes (POST, PUT, PATCH, DELETE) reach the business system. direct: answered with its result. outbox: accepted durably, answered 202 with a receipt and delivered in the background with retries. A call may also ask for the outbox with `Prefer: respond-async`.',
      ),
  });

  const eService = z.strictObject({
    id: id('Stable id of the e-service, e.g. bygglov-ansokan.'),
    name: localisedText().describe('Name of the e-service in Swedish and English.'),
    description: z
      .strictObject({
        sv: text().describe('Swedish text.'),
        en: text().optional().describe('English text.'),
      })
      .describe('What the e-service is for, in plain language. Swedish required, English optional.'),
    owner: text().describe('The organisation that owns the e-service, e.g. Stadsbyggnadsnämnden.'),
    responsible: z
      .strictObject({
        name: text().describe('Full name.'),
        email: email().describe('E-mail address that reaches this person (or their function mailbox).'),
        public: z
          .boolean()
          .default(false)
          .describe(
            'Publish the name and e-mail in the open-data e-service register. They are personal data of staff, so they are left out unless this is true.',
          ),
      })
      .describe('The person responsible for the e-service (förvaltningsansvarig).'),
    vendor: z
      .strictObject({
        name: text().describe('Company name.'),
        contact: text().describe('How to reach the vendor: e-mail, phone or support page.'),
      })
      .describe('Who builds and maintains the e-service.'),
    lifecycle: z
      .enum(['development', 'live', 'retired'])
      .describe('Where the e-service is in its life: development, live (open to citizens) or retired.'),
    accessibilityStatementUrl: httpUrl()
      .optional()
      .describe("The e-service's accessibility statement (tillgänglighetsredogörelse)."),
    client: eServiceClient,
    identityProviders: z
      .array(id('Id of an identity provider.'))
      .min(1)
      .describe('Ids of the identity providers citizens may log in with.'),
    contracts: z
      .array(contractPin)
      .default([])
      .describe('The contracts the e-service uses, each pinned to one version.'),
    purposes: z
      .array(id('Id of a purpose.'))
      .min(1)
      .describe(
        'Ids of the processing activities (purposes) the e-service performs; every call names one of them.',
      ),
    identity: z
      .strictObject({
        personalIdentityNumber: z
          .strictObject({
            purpose: id(
              'Id of the purpose (processing activity) the e-service needs the personnummer for; every release is recorded under it.',
            ),
            reason: localisedText().describe(
              'Why the e-service needs the personnummer, in plain Swedish and English (shown in the e-service register).',
            ),
          })
          .optional()
          .describe(
            "The e-service needs the citizen's personnummer (or samordningsnummer). Only then does it get it, in the ID token, when it asks for the scope https://id.oidc.se/scope/naturalPersonNumber (or the claim https://id.oidc.se/claim/personalIdentityNumber); each release is an audit record. Left out: the e-service never gets it, and asking for the scope is refused (invalid_scope).",
          ),
      })
      .optional()
      .describe('What the e-service receives about the citizen at login beyond the pairwise identifier.'),
  });

  const businessSystemCredentials = z
    .discriminatedUnion('type', [
      z.strictObject({
        type: z.literal('none').describe('No credentials (only for a system on a closed network).'),
      }),
      z.strictObject({
        type: z.literal('apiKey').describe('A static API key sent in a header.'),
        header: text().default('x-api-key').describe('The header that carries the key.'),
        key: secret(env).describe('The API key.'),
      }),
      z.strictObject({
        type: z.literal('oauthClientCredentials').describe('OAuth 2.0 client credentials grant.'),
        tokenUrl: httpUrl().describe('The token endpoint.'),
        clientId: text().describe('The client id.'),
        clientSecret: secret(env).describe('The client secret.'),
        scope: text().optional().describe('Scopes to ask for, separated by spaces.'),
      }),
      z.strictObject({
        type: z.literal('smtp').describe('A user name and password at a mail server (SMTP AUTH).'),
        username: text().describe('The user name at the mail server.'),
        password: secret(env).describe('The password.'),
      }),
      z.strictObject({
        type: z.literal('mutualTls').describe('Mutual TLS with a client certificate.'),
        certificate: secret(env).describe('The client certificate chain (PEM).'),
        privateKey: secret(env).describe("The certificate's private key (PEM)."),
        ca: secret(env)
          .optional()
          .describe('The CA certificate(s) to trust for the server (PEM), when not a public CA.'),
      }),
    ])
    .default({ type: 'none' })
    .describe('How the gateway authenticates to the business system.');

  const businessSystem = z.strictObject({
    id: id('Stable id, e.g. arendehantering.'),
    name: text().describe('Name people know the system by.'),
    owner: text().describe('The organisation that owns the system, e.g. Stadsbyggnadsförvaltningen.'),
    adapter: z
      .string()
      .refine((value) => isPackageName(value) || isHttpUrl(value), {
        error: 'The adapter is neither an npm package name nor a web address.',
        params: {
          expected:
            'an npm package name (e.g. @brygga/adapter-case-management) or the http(s) URL of a remote adapter',
        },
      })
      .describe(
        'The adapter that speaks to the system: an npm package name, or the URL of a remote adapter.',
      ),
    baseUrl: z
      .url({
        protocol: /^(?:https?|smtps?)$/,
        error:
          'a web address starting with https:// (or http://), or a mail server address starting with smtps:// (or smtp://), e.g. smtps://smtp.stad.se:465',
      })
      .describe(
        "Where the business system's API is reached. A mail server (for the e-mail adapter) is smtps://host:port (TLS from the start) or smtp://host:port (upgraded with STARTTLS).",
      ),
    contracts: z
      .array(id('Name of a contract.'))
      .default([])
      .describe('The contracts this system serves, through its adapter (e.g. case-management).'),
    timeouts: z
      .strictObject({
        connectMs: whole(1).default(2_000).describe('How long to wait for a connection, in milliseconds.'),
        requestMs: whole(1)
          .default(10_000)
          .describe('How long to wait for a whole response, in milliseconds.'),
      })
      .prefault({})
      .describe('Time limits for calls to the system.'),
    credentials: businessSystemCredentials,
    options: z
      .record(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/), z.union([z.string(), z.number(), z.boolean()]))
      .default({})
      .describe(
        'Settings for the adapter, passed to it as they are (e.g. apiVersion: v2). The adapter documents which it reads.',
      ),
  });

  const purpose = z.strictObject({
    id: id('Stable id of the processing activity, e.g. handlagga-bygglov.'),
    purpose: localisedText().describe(
      'What the personal data is processed for, in Swedish and English, in plain language.',
    ),
    legalBasis: z
      .strictObject({
        article: z
          .enum(legalBases)
          .describe(
            'GDPR article 6(1): (a) consent, (b) contract, (c) legal obligation, (d) vital interests, (e) public task or official authority, (f) legitimate interests.',
          ),
        reference: text()
          .optional()
          .describe(
            'The Swedish law or regulation the task or obligation comes from, e.g. plan- och bygglagen (2010:900).',
          ),
      })
      .describe(
        'The legal basis under GDPR article 6(1). Every purpose needs one: processing without a legal basis is unlawful.',
      ),
    dataCategories: z
      .array(text())
      .min(1)
      .describe('Categories of personal data processed, e.g. personnummer, namn, fastighetsbeteckning.'),
    dataSubjectCategories: z
      .array(text())
      .min(1)
      .describe('Whose data it is, e.g. sökande, fastighetsägare, grannar.'),
    retentionClass: id('Id of the retention class that says how long the data is kept.'),
  });

  const retentionClass = z.strictObject({
    id: id('Stable id, e.g. arende-10ar.'),
    duration: isoDuration().describe(
      'How long data is kept, as an ISO 8601 duration: P2Y is two years, P10Y ten.',
    ),
    description: text().describe('Why this period, e.g. the archive rule (gallringsbeslut) it follows.'),
  });

  const storage = z
    .discriminatedUnion('driver', [
      z.strictObject({
        driver: z
          .literal('sqlite')
          .default('sqlite')
          .describe('The embedded database (node:sqlite), for one node.'),
        sqlite: z
          .strictObject({
            path: text()
              .transform((path) => resolve(baseDir, path))
              .prefault(defaultSqlitePath)
              .describe("The database file, relative to the configuration file's folder."),
          })
          .prefault({})
          .describe('Settings of the embedded database.'),
      }),
      z.strictObject({
        driver: z.literal('postgres').describe('PostgreSQL, for several nodes.'),
        postgres: z
          .strictObject({
            url: secret(env)
              .prefault({ env: defaultDatabaseUrlEnv })
              .describe('The connection URL (postgres://user:password@host/db), read from the environment.'),
            poolMax: whole(1, 1000).default(10).describe('Most connections held open at once.'),
          })
          .prefault({})
          .describe('Settings of the PostgreSQL connection.'),
      }),
    ])
    .prefault({ driver: 'sqlite' })
    .describe('Where the gateway keeps its state and audit log.');

  const keyVersion = (description: string, minLength?: number) =>
    z.strictObject({
      keyId: text().describe(
        'The id (version) of this key, recorded with everything it protects, e.g. audit-2026-1.',
      ),
      key: secret(env, minLength === undefined ? {} : { minLength }).describe(description),
    });

  const hmacKey = 'The HMAC key of the audit log, at least 32 characters.';
  const keys = z
    .strictObject({
      auditHmac: z
        .strictObject({
          ...keyVersion(hmacKey, 32).shape,
          previous: z
            .array(keyVersion(hmacKey, 32))
            .default([])
            .describe(
              'Earlier HMAC keys, kept only to verify the entries they protected. Never used for new entries.',
            ),
        })
        .describe('The key that chains and pseudonymises audit-log entries.'),
      checkpointSigning: z
        .strictObject({
          ...keyVersion(
            'The private key (PKCS#8 PEM or private JWK) that signs audit checkpoints; its public half verifies them.',
          ).shape,
          previous: z
            .array(
              z.strictObject({
                keyId: text().describe('The id the earlier key signed its checkpoints with.'),
                publicKey: text().describe(
                  'Its public half only: the 32-byte Ed25519 key in base64url (as `brygga keys rotate` prints it) or an SPKI PEM.',
                ),
              }),
            )
            .default([])
            .describe(
              'Earlier signing keys, public halves only: enough to verify the checkpoints they signed, useless for signing new ones.',
            ),
        })
        .describe('The key that signs audit-log checkpoints so they can be verified offline.'),
      identitySigning: keyVersion(
        'The private key (PKCS#8 PEM or private JWK; RSA, or EC P-256) the gateway signs the ID tokens and access tokens it issues to e-services with.',
      )
        .optional()
        .describe(
          'Signs the tokens e-services receive at login. Required in production when e-services are configured; development and test use a throwaway key per start when it is left out.',
        ),
      identitySubjects: keyVersion(
        'An HMAC key of at least 32 characters. Changing it changes every citizen identifier the e-services have seen.',
        32,
      )
        .optional()
        .describe(
          'Derives the pseudonymous identifiers of citizens: one per e-service (pairwise sub), never the personnummer. Keep it for the life of the installation. Required in production when e-services are configured.',
        ),
      identitySessions: keyVersion(
        'A secret of at least 32 characters. Changing it ends every login session.',
        32,
      )
        .optional()
        .describe(
          'Encrypts the personnummer in the session store and signs the login cookies. Required in production when e-services are configured.',
        ),
    })
    .describe("References to the gateway's own keys. Each key has an id so it can be rotated.");

  const official = z.strictObject({
    id: id(
      'Stable id of the official (or of the function mailbox), recorded with every extract they make. Unique among the officials.',
    ),
    name: text().describe('Name shown in reports.'),
    token: secret(env, { minLength: 32 }).describe(
      "The bearer token the official sends to POST /audit/extract, at least 32 characters, in a variable of the official's own: no two officials may share a token.",
    ),
  });

  const audit = z
    .strictObject({
      checkpointDir: text()
        .transform((path) => resolve(baseDir, path))
        .prefault(defaultCheckpointDir)
        .describe(
          "Folder the signed checkpoints are also written to, one JSON file each, relative to the configuration file's folder. Put it where the database administrator cannot rewrite it (another disk, a write-once mount, a synced folder): it is what reveals a truncated or rolled-back log.",
        ),
      checkpointEvery: whole(1).default(10_000).describe('Sign a checkpoint after this many new records.'),
      checkpointSeconds: whole(1)
        .default(60)
        .describe('Sign a checkpoint at least this often, in seconds, when there are new records.'),
      maxBatch: whole(1, 50_000)
        .default(5_000)
        .describe(
          'Most records written in one transaction (a group commit). Larger batches share one disk flush among more records; a quiet gateway writes small ones at once.',
        ),
      officials: z
        .array(official)
        .superRefine((list, ctx) => {
          // Tokens from one variable are found by the cross-checks; here, equal values in different variables.
          const first = new Map<string, number>();
          list.forEach((each, index) => {
            if (typeof each?.token !== 'string') return;
            const earlier = first.get(each.token);
            if (earlier === undefined) {
              first.set(each.token, index);
              return;
            }
            const holders = Object.keys(env)
              .filter((name) => env[name] === each.token)
              .sort();
            if (holders.length < 2) return;
            ctx.addIssue({
              code: 'custom',
              path: [index, 'token'],
              message: `This official's token is the same as the one of audit.officials[${earlier}]: the environment variables ${holders.join(' and ')} hold the same value; ${ownToken}`,
              params: {
                expected: 'a token no other official uses',
                found: `the token of audit.officials[${earlier}] (value hidden)`,
              },
            });
          });
        })
        .default([])
        .describe(
          'Staff who may make data-subject extracts through POST /audit/extract, each with an id and a token of their own. None: the route refuses everyone.',
        ),
      extractsPerOfficial: rateLimitRule(30, 30).describe(
        'How many extracts each official may ask for (POST /audit/extract), per gateway instance. Past the limit the gateway answers 429 rate_limited with Retry-After.',
      ),
    })
    .prefault({})
    .describe('The GDPR audit log: checkpoints, group commits and who may make extracts.');

  const identity = z
    .strictObject({
      sessionIdleMinutes: whole(1, 24 * 60)
        .default(30)
        .describe('A login session ends after this many minutes without use.'),
      sessionMaxHours: whole(1, 7 * 24)
        .default(8)
        .describe('A login session ends this many hours after the login, used or not.'),
      sessionCacheMs: whole(0, 30_000)
        .default(5_000)
        .describe(
          'How long a gateway instance may answer API calls for a logged-in citizen from memory instead of reading the session from the database, in milliseconds; 0 reads it on every call. A session that ends on another instance (a logout there) may still be used here for up to this long.',
        ),
      accessTokenSeconds: whole(30, 3600)
        .default(300)
        .describe('How long an access token the gateway issues to an e-service is valid, in seconds.'),
      loginTimeoutMinutes: whole(1, 60)
        .default(10)
        .describe('How long a citizen may take to finish a login at the identity provider, in minutes.'),
    })
    .prefault({})
    .describe(
      'Citizen login: the sessions the gateway keeps and the tokens it issues to e-services (OpenID Connect).',
    );

  const outbox = z
    .strictObject({
      pollMs: whole(10, 60_000)
        .default(500)
        .describe('How often each gateway instance looks for submissions due for delivery, in milliseconds.'),
      batchSize: whole(1, 1000).default(20).describe('Most submissions one instance takes on per poll.'),
      maxAttempts: whole(1, 10_000)
        .default(20)
        .describe(
          'Deliveries tried before a submission is dead-lettered (state dead), for failures that may pass: timeouts, 5xx answers, the system being unreachable.',
        ),
      maxAgeSeconds: whole(1)
        .default(86_400)
        .describe(
          'A submission not delivered this many seconds after it was accepted is dead-lettered, whatever its attempts.',
        ),
      backoff: z
        .strictObject({
          initialMs: whole(1).default(500).describe('Longest wait before the first retry, in milliseconds.'),
          maxMs: whole(1)
            .default(60_000)
            .describe('Longest wait between two attempts, in milliseconds, however many have failed.'),
        })
        .prefault({})
        .describe('Waits between attempts: exponential, with full jitter (a random wait up to the limit).'),
      keepReceiptsDays: whole(1, 3650)
        .default(30)
        .describe(
          'Delivered and failed submissions (their receipts and stored results) are deleted this many days after they became final; afterwards GET /receipts/{id} answers 404. Dead ones are kept until retried or discarded (`brygga outbox discard`).',
        ),
    })
    .prefault({})
    .describe(
      'Durable delivery: writes accepted with 202 and a receipt are kept in the database and delivered to the business system in the background, exactly once.',
    );

  return z
    .strictObject({
      environment: z
        .enum(environments)
        .default('production')
        .describe(
          'development, test or production. Production is the default: the strictest rules apply unless you say otherwise.',
        ),
      organisation: z
        .strictObject({
          name: text().describe('Name of the organisation, e.g. Exempelstads kommun.'),
          contact: text().describe(
            'How to reach it about personal data: the data protection officer or registrar, e-mail or address.',
          ),
        })
        .optional()
        .describe(
          'The controller (personuppgiftsansvarig) named in the GDPR article 30 record of processing. Left out: the record says "not stated".',
        ),
      server,
      logging,
      identityProviders: z
        .array(identityProvider)
        .default([])
        .describe('The OpenID Connect providers citizens log in through (BankID and Freja brokers).'),
      eServices: z.array(eService).default([]).describe('The e-services that use the gateway.'),
      businessSystems: z
        .array(businessSystem)
        .default([])
        .describe('The business systems behind the gateway.'),
      purposes: z
        .array(purpose)
        .default([])
        .describe('The processing activities (GDPR art. 30 register entries) calls may be made for.'),
      retentionClasses: z
        .array(retentionClass)
        .default([])
        .describe('How long kinds of data are kept. Purposes refer to these.'),
      storage,
      keys,
      metrics: z
        .strictObject({
          token: secret(env)
            .optional()
            .describe(
              'A bearer token /metrics asks for. Without one, /metrics is open: it holds no personal data, but keep it off the public internet.',
            ),
        })
        .prefault({})
        .describe('Prometheus metrics at /metrics.'),
      audit,
      identity,
      outbox,
    })
    .describe('The Brygga gateway configuration.');
}

export type ParsedConfig = z.output<ReturnType<typeof buildConfigSchema>>;

/** A token bucket: `burst` requests at once, then `perMinute` on average. */
function rateLimitRule(burst: number, perMinute: number) {
  return z
    .strictObject({
      burst: whole(1).default(burst).describe('Requests allowed at once.'),
      perMinute: whole(1).default(perMinute).describe('Requests allowed per minute once the burst is spent.'),
    })
    .prefault({});
}

function derivePublicUrl(server: { host: string; port: number }): string {
  // A wildcard address is not something a browser can open; the loopback address is.
  const host = server.host === '0.0.0.0' || server.host === '::' ? '127.0.0.1' : server.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${server.port}`;
}

/** Kept without a trailing slash so callers can append paths with `${publicUrl}/…`. */
function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

const packageNamePattern = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

function isPackageName(value: string): boolean {
  return value.length <= 214 && packageNamePattern.test(value);
}

function isHttpUrl(value: string): boolean {
  return URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
}
