import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  BryggaError,
  buildProblem,
  type ErrorCode,
  errorCatalogue,
  type Language,
  problemContentType,
} from '@brygga/contract';
import type { Message } from './messages.ts';
import { pageHeaders } from './pages/html.ts';
import { renderMessagePage } from './pages/message-page.ts';

/** Small request and response helpers for the routes this package serves itself (not oidc-provider's). */

/** A login form is a few hundred bytes; anything much larger is not a login form. */
export const maxFormBytes = 16 * 1024;

export async function readForm(request: IncomingMessage, limit = maxFormBytes): Promise<URLSearchParams> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    request.resume();
    throw new BryggaError('unsupported_media_type', {
      detail: 'Send the form as application/x-www-form-urlencoded.',
    });
  }
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    request.resume();
    throw new BryggaError('payload_too_large');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BryggaError('payload_too_large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export function sendHtml(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, { ...pageHeaders, 'content-length': Buffer.byteLength(html) });
  response.end(html);
}

/** Plain-language page texts for the problems these routes can produce. */
const pageTexts: Partial<Record<ErrorCode, { heading: Message; text: Message }>> = {
  not_found: {
    heading: { sv: 'Sidan finns inte', en: 'Page not found' },
    text: { sv: 'Kontrollera adressen.', en: 'Check the address.' },
  },
};

const fallbackText: Message = {
  sv: 'Gå tillbaka till e-tjänsten och börja om.',
  en: 'Go back to the e-service and start again.',
};

/**
 * Answers with an error: an HTML page to a browser, an RFC 9457 problem to anything else. Only the catalogue's
 * titles and fixed details are used, so no request data reaches the body.
 */
export function sendError(
  request: IncomingMessage,
  response: ServerResponse,
  error: BryggaError,
  page?: { heading: Message; text: Message },
): void {
  for (const [name, value] of Object.entries(error.headers)) response.setHeader(name, value);
  if (prefersHtml(request)) {
    const texts = page ??
      pageTexts[error.code] ?? { heading: errorCatalogue[error.code].title, text: fallbackText };
    sendHtml(response, error.status, renderMessagePage({ ...texts, details: [['code', error.code]] }));
    return;
  }
  const body = JSON.stringify(
    buildProblem({
      code: error.code,
      language: language(request),
      detail: error.detail,
      instance: pathOf(request),
    }),
  );
  response.writeHead(error.status, {
    'content-type': problemContentType,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  response.end(body);
}

export function prefersHtml(request: IncomingMessage): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

export function language(request: IncomingMessage): Language {
  return /^\s*en\b/i.test(request.headers['accept-language'] ?? '') ? 'en' : 'sv';
}

/** The path without the query: the query may hold codes or state, which do not belong in an error body. */
export function pathOf(request: IncomingMessage): string {
  return new URL(request.url ?? '/', 'http://localhost').pathname;
}
