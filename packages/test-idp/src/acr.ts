import { defaultAcr, type Loa, supportedAcrValues } from './profile.ts';

/** What the client asked for, read from the authorization request the same way oidc-provider reads it. */
export interface AcrRequest {
  readonly essential: boolean;
  readonly values: readonly string[];
}

/**
 * Reads the requested `acr` from the stored authorization parameters. oidc-provider lets `acr_values` replace an
 * `acr` member of the `claims` parameter (and treats it as voluntary), so this does the same; otherwise the login
 * page would offer levels the provider then refuses.
 */
export function readAcrRequest(params: Readonly<Record<string, unknown>>): AcrRequest | undefined {
  if (typeof params.acr_values === 'string' && params.acr_values.trim() !== '') {
    return { essential: false, values: params.acr_values.trim().split(/\s+/) };
  }
  if (typeof params.claims !== 'string') return undefined;
  let member: unknown;
  try {
    member = (JSON.parse(params.claims) as { id_token?: { acr?: unknown } }).id_token?.acr;
  } catch {
    return undefined;
  }
  if (typeof member !== 'object' || member === null) return undefined;
  const { essential, value, values } = member as { essential?: unknown; value?: unknown; values?: unknown };
  const list = typeof value === 'string' ? [value] : Array.isArray(values) ? values.filter(isString) : [];
  return list.length === 0 ? undefined : { essential: essential === true, values: list };
}

export type AcrChoice =
  | { readonly satisfiable: true; readonly offered: readonly Loa[]; readonly preselected: Loa }
  | { readonly satisfiable: false };

/**
 * Which levels the login page offers. An essential request limits the choice to the requested levels we support
 * (OIDC Core 5.5.1.1: an essential acr that cannot be met is a failed authentication); a voluntary one only
 * chooses the preselected level.
 */
export function acrChoice(request: AcrRequest | undefined): AcrChoice {
  if (request === undefined)
    return { satisfiable: true, offered: supportedAcrValues, preselected: defaultAcr };
  const supported = request.values.filter(isSupported);
  const first = supported[0];
  if (request.essential) {
    return first === undefined
      ? { satisfiable: false }
      : { satisfiable: true, offered: supported, preselected: first };
  }
  return { satisfiable: true, offered: supportedAcrValues, preselected: first ?? defaultAcr };
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isSupported(value: string): value is Loa {
  return (supportedAcrValues as readonly string[]).includes(value);
}
