/**
 * The stable error codes Brygga speaks at every boundary. A code never changes meaning once published:
 * clients `switch (problem.code)`, docs link to `/problems/<code>`, and the titles below are what people read.
 *
 * Titles are plain language (klarspråk), one short sentence, in Swedish and English. They must never
 * contain data from the request: a problem document carries no personal data.
 */
export const errorCatalogue = {
  bad_request: {
    status: 400,
    title: { sv: 'Begäran kunde inte tolkas.', en: 'The request could not be understood.' },
  },
  malformed_json: {
    status: 400,
    title: { sv: 'Innehållet är inte giltig JSON.', en: 'The body is not valid JSON.' },
  },
  validation_failed: {
    status: 422,
    title: { sv: 'Några uppgifter saknas eller är felaktiga.', en: 'Some details are missing or wrong.' },
  },
  unauthenticated: {
    status: 401,
    title: { sv: 'Du behöver logga in.', en: 'You need to log in.' },
  },
  forbidden: {
    status: 403,
    title: { sv: 'Du har inte behörighet till detta.', en: 'You are not allowed to do this.' },
  },
  not_found: {
    status: 404,
    title: { sv: 'Sidan eller resursen finns inte.', en: 'The page or resource does not exist.' },
  },
  method_not_allowed: {
    status: 405,
    title: {
      sv: 'Metoden är inte tillåten för den här adressen.',
      en: 'This method is not allowed for this address.',
    },
  },
  conflict: {
    status: 409,
    title: { sv: 'Begäran krockar med en annan ändring.', en: 'The request conflicts with another change.' },
  },
  payload_too_large: {
    status: 413,
    title: { sv: 'Innehållet är för stort.', en: 'The body is too large.' },
  },
  unsupported_media_type: {
    status: 415,
    title: { sv: 'Innehållstypen stöds inte.', en: 'This content type is not supported.' },
  },
  internal_error: {
    status: 500,
    title: {
      sv: 'Något gick fel hos oss. Försök igen senare.',
      en: 'Something went wrong on our side. Please try again later.',
    },
  },
  service_unavailable: {
    status: 503,
    title: {
      sv: 'Tjänsten är inte tillgänglig just nu. Försök igen senare.',
      en: 'The service is not available right now. Please try again later.',
    },
  },
  shutting_down: {
    status: 503,
    title: {
      sv: 'Tjänsten startar om. Försök igen om en liten stund.',
      en: 'The service is restarting. Please try again in a moment.',
    },
  },
  version_unknown: {
    status: 400,
    title: {
      sv: 'Den versionen av tjänstens kontrakt finns inte.',
      en: 'That version of the service contract does not exist.',
    },
  },
  version_sunset: {
    status: 410,
    title: {
      sv: 'Den versionen av tjänstens kontrakt har tagits bort. Byt till en nyare version.',
      en: 'That version of the service contract has been retired. Move to a newer version.',
    },
  },
  bad_gateway: {
    status: 502,
    title: {
      sv: 'Verksamhetssystemet svarade inte som det ska. Försök igen senare.',
      en: 'The business system did not answer as it should. Please try again later.',
    },
  },
  gateway_timeout: {
    status: 504,
    title: {
      sv: 'Verksamhetssystemet svarade inte i tid. Försök igen senare.',
      en: 'The business system did not answer in time. Please try again later.',
    },
  },
  rate_limited: {
    status: 429,
    title: {
      sv: 'För många försök på kort tid. Vänta en stund och försök igen.',
      en: 'Too many attempts in a short time. Wait a while and try again.',
    },
  },
} as const satisfies Record<string, ErrorDefinition>;

export type Language = 'sv' | 'en';

export interface ErrorDefinition {
  readonly status: number;
  readonly title: Readonly<Record<Language, string>>;
}

/** Every stable code, as a union, so callers can `switch` exhaustively. */
export type ErrorCode = keyof typeof errorCatalogue;

export const errorCodes = Object.keys(errorCatalogue) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCatalogue, value);
}
