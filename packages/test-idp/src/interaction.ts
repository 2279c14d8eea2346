import type { IncomingMessage, ServerResponse } from 'node:http';
import { BryggaError } from '@brygga/contract';
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import { acrChoice, readAcrRequest } from './acr.ts';
import { readForm, sendHtml } from './http.ts';
import { parseLoginForm } from './login-form.ts';
import { type Device, failureOutcomes, isSimulatedFailure, type SimulatedFailure } from './messages.ts';
import { OrderBook, type OrderOutcome } from './order-book.ts';
import { renderFailurePage } from './pages/failure-page.ts';
import { qrPageHeaders } from './pages/html.ts';
import { renderLoginPage } from './pages/login-page.ts';
import { renderQrPage } from './pages/qr-page.ts';
import type { PersonRegistry } from './person-registry.ts';
import { bankIdAmr } from './profile.ts';
import { orderQrSvg } from './qr-image.ts';

export interface InteractionDeps {
  readonly provider: Provider;
  readonly registry: PersonRegistry;
  /** Origins a form may be posted from: the issuer's, and the address the server listens on. */
  readonly ownOrigins: ReadonlySet<string>;
  /** Today's date, `YYYY-MM-DD`, for the age notes on the page. */
  readonly today: () => string;
  /** The other-device flow's simulated BankID orders; default a fresh book. */
  readonly orders?: OrderBook;
}

const route = /^\/interaction\/([A-Za-z0-9_-]{1,128})(\/return|\/qr|\/qr\.svg)?$/;
const methods: Readonly<Record<string, readonly string[]>> = {
  '': ['GET', 'POST'],
  '/return': ['POST'],
  '/qr': ['GET', 'POST'],
  '/qr.svg': ['GET'],
};

/** BankID refuses these when the order is made, so no QR code is ever shown for them. */
const orderlessFailures: ReadonlySet<SimulatedFailure> = new Set(['alreadyInProgress', 'maintenance']);

/**
 * The login interaction: `GET /interaction/:uid` shows the page, `POST /interaction/:uid` takes the form,
 * `POST /interaction/:uid/return` ends a failed BankID order and sends the error back to the client.
 * Other device: `GET /interaction/:uid/qr` shows the order, `GET …/qr.svg` its current QR frame, and
 * `POST …/qr` moves the simulated order one collect state on.
 * oidc-provider binds each interaction to a SameSite cookie, so a form posted from elsewhere finds no login.
 */
export function createInteractionHandler(deps: InteractionDeps) {
  const { provider, registry } = deps;
  const orders = deps.orders ?? new OrderBook();

  return async function interaction(
    request: IncomingMessage,
    response: ServerResponse,
    path: string,
  ): Promise<void> {
    const match = route.exec(path);
    if (!match) throw new BryggaError('not_found');
    const [, uid, sub = ''] = match;
    const returning = sub === '/return';
    const allowed = methods[sub] ?? [];
    if (!allowed.includes(request.method ?? '')) {
      request.resume();
      throw new BryggaError('method_not_allowed', { headers: { allow: allowed.join(', ') } });
    }
    if (request.method === 'POST') assertSameOrigin(request, deps.ownOrigins);
    const form = request.method === 'POST' ? await readForm(request) : undefined;

    const details = await provider.interactionDetails(request, response);
    if (details.uid !== uid) throw new BryggaError('not_found');
    if (details.prompt.name === 'consent') {
      await grantConsent(provider, request, response, details);
      return;
    }
    if (details.prompt.name !== 'login') throw new BryggaError('bad_request');

    if (returning) {
      const outcome = form?.get('outcome');
      if (!isSimulatedFailure(outcome)) throw new BryggaError('bad_request', { detail: 'Unknown outcome.' });
      orders.end(details.uid);
      await finishWithFailure(provider, request, response, outcome);
      return;
    }
    if (sub === '/qr' || sub === '/qr.svg') {
      await collect(details.uid, sub, request, response);
      return;
    }

    const acr = acrChoice(readAcrRequest(details.params));
    if (!acr.satisfiable) {
      // OIDC Core 5.5.1.1: an essential acr the OP cannot meet is a failed authentication.
      await provider.interactionFinished(
        request,
        response,
        {
          error: 'access_denied',
          error_description: 'none of the requested essential acr values is supported',
        },
        { mergeWithLastSubmission: false },
      );
      return;
    }

    const clientId = String(details.params.client_id ?? '');
    const client = await provider.Client.find(clientId);
    const page = {
      uid: details.uid,
      clientName: client?.clientName ?? clientId,
      persons: registry.fixtures(),
      offeredAcr: acr.offered,
      preselectedAcr: acr.preselected,
      today: deps.today(),
    };

    if (form === undefined) {
      sendHtml(response, 200, renderLoginPage(page));
      return;
    }

    const fixtureSubjects = new Set(page.persons.map(({ subject }) => subject));
    const result = parseLoginForm(form, { fixtureSubjects, offeredAcr: acr.offered });
    if (!result.ok) {
      sendHtml(response, 422, renderLoginPage({ ...page, values: result.values, errors: result.errors }));
      return;
    }
    const device: Device = form.get('device') === 'other' ? 'other' : 'same';
    if (result.outcome !== 'success') {
      if (device === 'other' && !orderlessFailures.has(result.outcome)) {
        startOrder(details.uid, { kind: 'failure', failure: result.outcome }, response);
        return;
      }
      sendHtml(response, 200, renderFailurePage(details.uid, result.outcome, device));
      return;
    }
    const subject = result.who.kind === 'fixture' ? result.who.subject : registry.register(result.who.person);
    if (device === 'other') {
      startOrder(details.uid, { kind: 'success', accountId: subject, acr: result.acr }, response);
      return;
    }
    const login: InteractionResults = { login: { accountId: subject, acr: result.acr, amr: [...bankIdAmr] } };
    await provider.interactionFinished(request, response, login, { mergeWithLastSubmission: false });
  };

  function startOrder(uid: string, outcome: OrderOutcome, response: ServerResponse): void {
    orders.start(uid, outcome);
    // Post/redirect/get, so reloading the QR page never posts the login form again.
    response.writeHead(303, {
      location: `/interaction/${encodeURIComponent(uid)}/qr`,
      'cache-control': 'no-store',
    });
    response.end();
  }

  async function collect(uid: string, sub: string, request: IncomingMessage, response: ServerResponse) {
    const order = orders.find(uid);
    if (order === undefined) {
      throw new BryggaError('not_found', {
        detail: 'No BankID order for this login. Start again from the login page.',
      });
    }
    if (sub === '/qr.svg') {
      const svg = await orderQrSvg(order, Date.now());
      response.writeHead(200, {
        'content-type': 'image/svg+xml',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'",
        'content-length': Buffer.byteLength(svg),
      });
      response.end(svg);
      return;
    }
    if (request.method === 'GET') {
      if (order.step === 'complete') throw new BryggaError('not_found');
      const html = renderQrPage({ uid, step: order.step });
      response.writeHead(200, { ...qrPageHeaders, 'content-length': Buffer.byteLength(html) });
      response.end(html);
      return;
    }
    // A failing order fails once the person acts in the app (scans, or gives up), as BankID's collect reports.
    if (order.outcome.kind === 'failure') {
      orders.end(uid);
      sendHtml(response, 200, renderFailurePage(uid, order.outcome.failure, 'other'));
      return;
    }
    const advanced = orders.advance(uid);
    if (advanced?.step !== 'complete') {
      response.writeHead(303, {
        location: `/interaction/${encodeURIComponent(uid)}/qr`,
        'cache-control': 'no-store',
      });
      response.end();
      return;
    }
    orders.end(uid);
    const { accountId, acr } = order.outcome;
    const login: InteractionResults = { login: { accountId, acr, amr: [...bankIdAmr] } };
    await provider.interactionFinished(request, response, login, { mergeWithLastSubmission: false });
  }
}

async function finishWithFailure(
  provider: Provider,
  request: IncomingMessage,
  response: ServerResponse,
  failure: SimulatedFailure,
): Promise<void> {
  const { error, description } = failureOutcomes[failure];
  await provider.interactionFinished(
    request,
    response,
    { error, error_description: description },
    { mergeWithLastSubmission: false },
  );
}

/**
 * loadExistingGrant already grants what configured clients ask for, but oidc-provider still asks for consent on
 * `prompt=consent` and for every native (app) client. Configured clients are first-party, so consent is
 * given here without a page.
 */
async function grantConsent(
  provider: Provider,
  request: IncomingMessage,
  response: ServerResponse,
  details: Awaited<ReturnType<Provider['interactionDetails']>>,
): Promise<void> {
  const clientId = String(details.params.client_id ?? '');
  const grant =
    (details.grantId === undefined ? undefined : await provider.Grant.find(details.grantId)) ??
    new provider.Grant({ clientId, accountId: details.session?.accountId });
  const missing = details.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(resource, scopes.join(' '));
  }
  const grantId = await grant.save();
  await provider.interactionFinished(
    request,
    response,
    { consent: { grantId } },
    { mergeWithLastSubmission: true },
  );
}

/** Forms are only accepted from this IdP's own pages (browsers send Origin and Sec-Fetch-Site on a POST). */
function assertSameOrigin(request: IncomingMessage, ownOrigins: ReadonlySet<string>): void {
  const origin = request.headers.origin;
  const site = request.headers['sec-fetch-site'];
  if ((origin !== undefined && !ownOrigins.has(origin)) || site === 'cross-site') {
    request.resume();
    throw new BryggaError('forbidden', { detail: 'The form was not sent from this identity provider.' });
  }
}
