/**
 * The Content-Security-Policy of the gateway's login pages: its own resources only, no plugins, no framing, no
 * `<base>`. `form-action` is the one directive that varies: browsers also apply it to the redirects that follow
 * a form submission, so a page whose form leads on to an identity provider or back to an e-service must name
 * that origin, and only that.
 */
export function loginContentSecurityPolicy(formActionOrigins: Iterable<string> = []): string {
  const formAction = ["'self'", ...new Set(formActionOrigins)].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    `form-action ${formAction}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** Replaces `form-action` in an existing policy, keeping the rest (e.g. a script hash oidc-provider added). */
export function withFormAction(policy: string, formActionOrigins: Iterable<string>): string {
  const formAction = ["'self'", ...new Set(formActionOrigins)].join(' ');
  const directives = policy
    .split(';')
    .map((directive) => directive.trim())
    .filter((directive) => directive !== '');
  const replaced = directives.map((directive) =>
    directive.startsWith('form-action ') || directive === 'form-action'
      ? `form-action ${formAction}`
      : directive,
  );
  if (!replaced.some((directive) => directive.startsWith('form-action ')))
    replaced.push(`form-action ${formAction}`);
  return replaced.join('; ');
}

/** The origins of some URLs, skipping any that do not parse. */
export function originsOf(urls: Iterable<string | undefined>): string[] {
  const origins = new Set<string>();
  for (const url of urls) {
    if (url === undefined) continue;
    const parsed = URL.parse(url);
    if (parsed !== null) origins.add(parsed.origin);
  }
  return [...origins];
}
