import { getCase, listMyCases } from '@brygga/contract-case-management';
import { AuthenticationError } from '@brygga/sdk';
import { Hono } from 'hono';
import { problemView } from '../gateway/problem-view.ts';
import { renderCase, renderCaseList } from '../pages/cases.ts';
import { html, messagePage } from '../pages/layout.ts';
import type { SessionEnv } from '../session/http.ts';
import type { Session, SessionUser } from '../session/store.ts';
import { type AppContext, activeUser, type Deps, loginRedirect } from './deps.ts';

// The contract's case id rule: anything else cannot be a case, and is never sent on.
const caseIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

const backToCases = html`<a class="button" href="/mina-arenden">Mina ärenden <span lang="en">My cases</span></a>`;

/** GET /mina-arenden (listMyCases) and GET /mina-arenden/:caseId (getCase and getCaseStatus). */
export function caseRoutes(deps: Deps): Hono<SessionEnv> {
  const app = new Hono<SessionEnv>();

  app.get('/mina-arenden', async (c) => {
    const session = c.var.session;
    const user = activeUser(session, deps.now());
    if (session === undefined || user === undefined) return loginRedirect(c, '/mina-arenden');
    const cursor = c.req.query('fran');
    try {
      const list = await deps.cases(user.accessToken).listMyCases({
        query: { limit: 20, ...(cursor ? { cursor: cursor.slice(0, 200) } : {}) },
      });
      return c.html(renderCaseList({ ...list, csrfToken: session.csrfToken }));
    } catch (error) {
      return failed(c, deps, session, user, error, '/mina-arenden', 'listMyCases', listMyCases.errors);
    }
  });

  app.get('/mina-arenden/:caseId', async (c) => {
    const session = c.var.session;
    const caseId = c.req.param('caseId');
    const path = `/mina-arenden/${encodeURIComponent(caseId)}`;
    const user = activeUser(session, deps.now());
    if (session === undefined || user === undefined) return loginRedirect(c, path);
    if (!caseIdPattern.test(caseId)) return notFound(c, session);
    const client = deps.cases(user.accessToken);
    try {
      const [found, status] = await Promise.all([
        client.getCase({ params: { caseId } }),
        client.getCaseStatus({ params: { caseId } }),
      ]);
      return c.html(renderCase({ case: found, status, csrfToken: session.csrfToken }));
    } catch (error) {
      return failed(c, deps, session, user, error, path, 'getCase', getCase.errors);
    }
  });

  return app;
}

function failed(
  c: AppContext,
  deps: Deps,
  session: Session,
  user: SessionUser,
  error: unknown,
  path: string,
  operation: string,
  declared: Parameters<typeof problemView>[1],
): Response | Promise<Response> {
  if (AuthenticationError.is(error)) {
    session.user = { ...user, accessTokenExpiresAt: 0 };
    return loginRedirect(c, path);
  }
  const view = problemView(error, declared);
  deps.log('gateway_error', { operation, code: view.code, requestId: view.requestId });
  return c.html(
    messagePage({
      title: view.heading,
      text: view.text,
      requestId: view.requestId,
      csrfToken: session.csrfToken,
      actions: backToCases,
      alert: true,
    }),
    view.status,
  );
}

function notFound(c: AppContext, session: Session): Response | Promise<Response> {
  return c.html(
    messagePage({
      title: { sv: 'Ärendet finns inte', en: 'The case does not exist' },
      text: {
        sv: 'Kontrollera länken. Du kan bara se dina egna ärenden.',
        en: 'Check the link. You can only see your own cases.',
      },
      csrfToken: session.csrfToken,
      actions: backToCases,
    }),
    404,
  );
}
