/** What the adapter needs to deliver forms: where the mail server is, who sends, and which mailbox takes which form. */
export interface EmailAdapterOptions {
  /** The mail server: `smtps://host:port` (TLS from the start) or `smtp://host:port` (STARTTLS when offered). */
  readonly url: string;
  /** The sender address of every message, e.g. `noreply@stad.se`. Replies go to the person's `replyTo` instead. */
  readonly from: string;
  /** The sender's display name, e.g. `Exempelstadens e-tjänster`. */
  readonly fromName?: string | undefined;
  /** The mailbox's name as people know it, returned in every receipt, e.g. `Kontaktcenter`. */
  readonly mailboxName: string;
  /** The address a form goes to, by form id; undefined for a form the city does not take (`unknown_form`). */
  readonly mailboxOf: (formId: string) => string | undefined;
  /** SMTP AUTH, from the business system's credentials (type `smtp`). */
  readonly auth?: { readonly user: string; readonly pass: string } | undefined;
  /**
   * On `smtp://`: send nothing unless STARTTLS succeeds. Default true when `auth` is set, so a password never
   * crosses the network in the clear.
   */
  readonly requireTls?: boolean | undefined;
  /** Per connection: `connectMs` to connect and get the greeting, `requestMs` of silence on the socket. */
  readonly timeouts?: { readonly connectMs: number; readonly requestMs: number } | undefined;
  /** Extra TLS settings, e.g. `ca` for a mail server with a private CA. */
  readonly tls?: { readonly ca?: string | readonly string[] } | undefined;
  /** How long, and for how many submissions, a retried Idempotency-Key gets the first receipt back. */
  readonly dedupe?: { readonly maxEntries?: number; readonly ttlMs?: number } | undefined;
  /** Injected in tests. */
  readonly now?: (() => Date) | undefined;
  /** Injected in tests; used only without an Idempotency-Key (a keyed submission's id is derived from its key). */
  readonly newSubmissionId?: (() => string) | undefined;
}

/** The parts of the gateway's `businessSystems[]` entry this adapter reads. */
export interface BusinessSystemEntry {
  readonly id: string;
  readonly name: string;
  readonly baseUrl: string;
  readonly credentials: {
    readonly type: string;
    readonly username?: string | undefined;
    readonly password?: string | undefined;
  };
  readonly options?: Readonly<Record<string, string | number | boolean>> | undefined;
  readonly timeouts?: { readonly connectMs: number; readonly requestMs: number } | undefined;
}

const plainSettings = ['from', 'fromName', 'mailbox', 'mailboxName', 'requireTls'] as const;
const formSetting = /^form[A-Z0-9][A-Za-z0-9]*$/;

// Deliberately simple: one @, no spaces or angle brackets, a dot in the domain. The mail server has the last word.
const emailPattern = /^[^\s@<>(),;:"\\[\]]+@[^\s@<>(),;:"\\[\]]+\.[^\s@<>(),;:"\\[\]]+$/;

export function isEmailAddress(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 254 && emailPattern.test(value);
}

/**
 * The option that names a form's mailbox: `form` and the form id in PascalCase, since option names are letters
 * and digits only. `kontakt` → `formKontakt`, `felanmalan-gata` → `formFelanmalanGata`.
 */
export function formOptionKey(formId: string): string {
  return `form${formId
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')}`;
}

/**
 * The adapter's options from the gateway's configuration of the business system. Every mistake is reported at
 * once, naming the option, never its value.
 *
 * Options: `from` (required), `fromName`, `mailbox` (the default address), `mailboxName` (default the business
 * system's name), `requireTls`, and one `form<Id>` per form: its own address, or `true` for `mailbox`.
 */
export function optionsFromBusinessSystem(system: BusinessSystemEntry): EmailAdapterOptions {
  const options = system.options ?? {};
  const problems: string[] = [];
  const forms = new Map<string, string>();
  const mailbox = options.mailbox;
  if (mailbox !== undefined && !isEmailAddress(mailbox))
    problems.push('options.mailbox must be an e-mail address');
  for (const [key, value] of Object.entries(options)) {
    if ((plainSettings as readonly string[]).includes(key)) continue;
    if (!formSetting.test(key)) {
      problems.push(
        `options.${key} is not a setting of the e-mail adapter (it reads ${plainSettings.join(', ')} and form<Id>)`,
      );
      continue;
    }
    if (value === true) {
      if (mailbox === undefined)
        problems.push(`options.${key} is true, but there is no options.mailbox to use`);
      else forms.set(key, String(mailbox));
    } else if (isEmailAddress(value)) {
      forms.set(key, value);
    } else {
      problems.push(`options.${key} must be an e-mail address, or true for options.mailbox`);
    }
  }
  if (!isEmailAddress(options.from))
    problems.push('options.from (the sender address) must be an e-mail address');
  if (options.fromName !== undefined && typeof options.fromName !== 'string') {
    problems.push('options.fromName must be text');
  }
  if (options.mailboxName !== undefined && typeof options.mailboxName !== 'string') {
    problems.push('options.mailboxName must be text');
  }
  if (options.requireTls !== undefined && typeof options.requireTls !== 'boolean') {
    problems.push('options.requireTls must be true or false');
  }
  if (forms.size === 0 && problems.length === 0) {
    problems.push('no form is configured: add options.form<Id>, e.g. formKontakt: true with options.mailbox');
  }
  const { credentials } = system;
  let auth: EmailAdapterOptions['auth'];
  if (credentials.type === 'smtp') {
    if (!credentials.username || !credentials.password)
      problems.push('credentials of type smtp need username and password');
    else auth = { user: credentials.username, pass: credentials.password };
  } else if (credentials.type !== 'none') {
    problems.push('the e-mail adapter takes credentials of type smtp (a user name and password) or none');
  }
  const urlProblem = mailServerUrlProblem(system.baseUrl);
  if (urlProblem) problems.push(urlProblem);
  if (problems.length > 0) {
    throw new Error(`business system ${system.id}: ${problems.join('; ')}`);
  }
  return {
    url: system.baseUrl,
    from: options.from as string,
    fromName: options.fromName as string | undefined,
    mailboxName: (options.mailboxName as string | undefined) ?? system.name,
    mailboxOf: (formId) => forms.get(formOptionKey(formId)),
    auth,
    requireTls: options.requireTls as boolean | undefined,
    timeouts: system.timeouts,
  };
}

/** Why `url` is no mail server address this adapter can use, or undefined when it is one. */
export function mailServerUrlProblem(url: string): string | undefined {
  const parsed = URL.parse(url);
  if (parsed === null || (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:')) {
    return 'baseUrl must be a mail server address, smtps://host:port or smtp://host:port';
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return 'baseUrl must not carry a user name or password: put them in credentials (type smtp)';
  }
  return undefined;
}
