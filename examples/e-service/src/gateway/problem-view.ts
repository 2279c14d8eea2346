import {
  ApiError,
  AuthenticationError,
  BryggaApiError,
  ConflictError,
  ConnectionError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  VersionSunsetError,
} from '@brygga/sdk';
import type { Bilingual } from '../application/form.ts';

/** The business errors an operation declares in its contract (`createCase.errors`). */
export type DeclaredErrors = Readonly<
  Record<
    string,
    { readonly status: number; readonly title: Bilingual; readonly detail?: Bilingual | undefined }
  >
>;

/** How a failed gateway call is shown to the citizen: plain words in both languages and a reference. */
export interface ProblemView {
  /** The e-service page's own status code. */
  readonly status: 404 | 409 | 422 | 403 | 500 | 503;
  readonly heading: Bilingual;
  readonly text: Bilingual;
  /** The gateway's request id (support finds the call by it); undefined when no answer came. */
  readonly requestId: string | undefined;
  /** The stable code, for the e-service's own log. */
  readonly code: string;
}

const unavailable = {
  heading: { sv: 'Tjänsten svarar inte just nu', en: 'The service is not answering right now' },
  text: {
    sv: 'Det är inte ditt fel. Försök igen om en stund. Det du har skrivit i formuläret finns kvar.',
    en: 'It is not your fault. Please try again in a while. What you wrote in the form is kept.',
  },
} as const;

/**
 * A failed call of the SDK as plain words. An error code the operation declares (from the contract) keeps
 * the contract's own bilingual title and detail; anything else is described by its kind. Not for a 401: the
 * caller sends the person to log in again instead. Pure.
 */
export function problemView(error: unknown, declared: DeclaredErrors = {}): ProblemView {
  if (!BryggaApiError.is(error)) {
    return { status: 500, code: 'internal', requestId: undefined, ...unavailable };
  }
  const { requestId, code } = error;
  const known = declared[code];
  if (known) {
    const status = known.status === 404 || known.status === 409 || known.status === 403 ? known.status : 422;
    return {
      status,
      code,
      requestId,
      heading: known.title,
      text: known.detail ?? { sv: '', en: '' },
    };
  }
  if (NotFoundError.is(error)) {
    return {
      status: 404,
      code,
      requestId,
      heading: { sv: 'Det du söker finns inte', en: 'What you are looking for does not exist' },
      text: {
        sv: 'Kontrollera länken. Du kan bara se dina egna ärenden.',
        en: 'Check the link. You can only see your own cases.',
      },
    };
  }
  if (PermissionError.is(error) || AuthenticationError.is(error)) {
    return {
      status: 403,
      code,
      requestId,
      heading: { sv: 'Du har inte behörighet till det här', en: 'You do not have access to this' },
      text: {
        sv: 'Logga ut och logga in igen. Kontakta supporten om det inte hjälper och uppge felkoden.',
        en: 'Log out and log in again. Contact support if that does not help, and give the reference.',
      },
    };
  }
  if (VersionSunsetError.is(error)) {
    return {
      status: 503,
      code,
      requestId,
      heading: { sv: 'E-tjänsten behöver uppdateras', en: 'The e-service needs an update' },
      text: {
        sv: 'Det här är ett fel hos oss. Vi arbetar på det. Försök igen senare.',
        en: 'This is a fault on our side. We are working on it. Please try again later.',
      },
    };
  }
  if (ConflictError.is(error)) {
    return {
      status: 409,
      code,
      requestId,
      heading: { sv: 'Det gick inte att spara just nu', en: 'It could not be saved right now' },
      text: {
        sv: 'Någon annan ändring pågick samtidigt. Titta bland dina ärenden innan du försöker igen.',
        en: 'Another change was in progress. Look among your cases before you try again.',
      },
    };
  }
  if (ConnectionError.is(error) || RateLimitError.is(error) || ApiError.is(error)) {
    return { status: 503, code, requestId, ...unavailable };
  }
  // Any other 4xx: this e-service asked wrongly, which a retry will not change.
  return {
    status: 500,
    code,
    requestId,
    heading: { sv: 'Något gick fel hos oss', en: 'Something went wrong on our side' },
    text: {
      sv: 'Det är inte ditt fel. Kontakta supporten och uppge felkoden.',
      en: 'It is not your fault. Contact support and give the reference.',
    },
  };
}
