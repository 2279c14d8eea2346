import type { IncomingMessage, ServerResponse } from 'node:http';
import { BryggaError } from '@brygga/contract';
import type { BackchannelResult, LogoutTarget } from './backchannel.ts';
import { readForm } from './http.ts';

export interface AdminActions {
  rotateKeys(): string;
  triggerBackchannelLogout(target: LogoutTarget): Promise<BackchannelResult>;
}

/** The admin routes, all `POST`: a tester's buttons (or curl) for what a real IdP does on its own. */
export const adminPaths = ['/test-idp/rotate-keys', '/test-idp/backchannel-logout'] as const;

export function isAdminPath(path: string): boolean {
  return (adminPaths as readonly string[]).includes(path);
}

/**
 * `POST /test-idp/rotate-keys` answers `{"kid": ...}`; `POST /test-idp/backchannel-logout` takes a form with
 * `accountId` (the `sub`) or `sid` and answers the counts. A browser form from another site is refused.
 */
export async function handleAdmin(
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  actions: AdminActions,
  ownOrigins: ReadonlySet<string>,
): Promise<void> {
  if (request.method !== 'POST') {
    request.resume();
    throw new BryggaError('method_not_allowed', { headers: { allow: 'POST' } });
  }
  const origin = request.headers.origin;
  if (
    (origin !== undefined && !ownOrigins.has(origin)) ||
    request.headers['sec-fetch-site'] === 'cross-site'
  ) {
    request.resume();
    throw new BryggaError('forbidden', {
      detail: 'Admin requests are only accepted from this identity provider.',
    });
  }
  if (path === '/test-idp/rotate-keys') {
    request.resume();
    sendJson(response, { kid: actions.rotateKeys() });
    return;
  }
  const form = await readForm(request);
  const accountId = form.get('accountId');
  const sid = form.get('sid');
  if ((accountId ? 1 : 0) + (sid ? 1 : 0) !== 1) {
    throw new BryggaError('bad_request', { detail: 'Give exactly one of accountId and sid.' });
  }
  sendJson(response, await actions.triggerBackchannelLogout(accountId ? { accountId } : { sid: sid ?? '' }));
}

function sendJson(response: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(200, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
