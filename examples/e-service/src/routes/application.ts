import { createCase } from '@brygga/contract-case-management';
import { AuthenticationError, InvalidRequestError, SubmissionError, TimeoutError } from '@brygga/sdk';
import { Hono } from 'hono';
import {
  type Application,
  type Bilingual,
  emptyForm,
  type FieldProblem,
  type FormValues,
  fieldNames,
  fieldOfPointer,
  formValues,
  refusedByGateway,
  validateApplication,
} from '../application/form.ts';
import { fingerprint, submissionKey } from '../application/submission-key.ts';
import { type ProblemView, problemView } from '../gateway/problem-view.ts';
import { type ReceiptView, renderReceipt } from '../pages/cases.ts';
import { renderForm } from '../pages/form.ts';
import { html, messagePage } from '../pages/layout.ts';
import { csrfTokenMatches, type SessionEnv } from '../session/http.ts';
import type { Session, SessionUser } from '../session/store.ts';
import { type AppContext, activeUser, type Deps, loginRedirect } from './deps.ts';
import { forbidden } from './login.ts';

const reloggedNotice: Bilingual = {
  sv: 'Du loggades in igen. Det du skrev finns kvar: kontrollera det och skicka ansökan.',
  en: 'You were logged in again. What you wrote is kept: check it and send the application.',
};

/** GET and POST /ansokan (the form) and GET /kvitto (the receipt). */
export function applicationRoutes(deps: Deps): Hono<SessionEnv> {
  const app = new Hono<SessionEnv>();

  app.get('/ansokan', (c) => {
    const session = c.var.session;
    if (session === undefined || activeUser(session, deps.now()) === undefined) {
      return loginRedirect(c, '/ansokan');
    }
    const notice = session.flash === 'relogged' ? reloggedNotice : undefined;
    session.flash = undefined;
    return c.html(
      renderForm({ values: session.draft ?? emptyForm, problems: [], csrfToken: session.csrfToken, notice }),
    );
  });

  app.post('/ansokan', async (c) => {
    const session = c.var.session;
    // Without the session there is no token to check the form against, and nowhere to keep it: start over, without
    // reading the form.
    if (session === undefined) return forbidden(c);
    const form = await c.req.parseBody();
    if (!csrfTokenMatches(session, form.csrf)) return forbidden(c);
    const values = formValues(form);
    const checked = validateApplication(values);
    if (!checked.ok) return showForm(c, session, values, checked.problems);

    const user = activeUser(session, deps.now());
    if (user === undefined) {
      // Kept on the server (never in the URL) while the gateway logs the person in again.
      session.draft = values;
      return loginRedirect(c, '/ansokan');
    }
    return submit(c, deps, session, user, values, checked.application);
  });

  app.get('/kvitto', async (c) => {
    const session = c.var.session;
    const user = activeUser(session, deps.now());
    if (session === undefined || user === undefined) return loginRedirect(c, '/kvitto');
    const receipt = session.receipt;
    if (receipt === undefined) return c.redirect('/mina-arenden', 303);
    const client = deps.cases(user.accessToken);
    let view: ReceiptView;
    try {
      // A short wait on the server: most applications are delivered by then, and the page needs no script.
      const created = await client.receipts.wait(
        { receiptId: receipt.receiptId, operation: 'createCase' },
        { timeoutMs: deps.receiptWaitMs },
      );
      view = { state: 'delivered', caseId: created.caseId };
    } catch (error) {
      if (AuthenticationError.is(error)) {
        session.user = { ...user, accessTokenExpiresAt: 0 };
        return loginRedirect(c, '/kvitto');
      }
      view = await notFinal(client, receipt.receiptId, error);
      if (view.state === 'unknown') {
        const code = (error as { code?: unknown }).code;
        deps.log('gateway_error', {
          operation: 'receipt',
          code: String(code ?? 'internal'),
          requestId: view.requestId,
        });
      }
    }
    return c.html(renderReceipt(receipt, view, session.csrfToken));
  });

  return app;
}

function showForm(
  c: AppContext,
  session: Session,
  values: FormValues,
  problems: readonly FieldProblem[],
  notice?: { readonly text: Bilingual; readonly requestId: string | undefined },
  status: ProblemView['status'] = 422,
): Response | Promise<Response> {
  return c.html(
    renderForm({
      values,
      problems,
      csrfToken: session.csrfToken,
      notice: notice?.text,
      requestId: notice?.requestId,
    }),
    status,
  );
}

/** A refusal by the business system: the contract's own words for its declared error cases. */
function refused(code: string | undefined): ReceiptView {
  const known = code === undefined ? undefined : createCase.errors[code as keyof typeof createCase.errors];
  return {
    state: 'failed',
    heading: known?.title ?? { sv: 'Ansökan togs inte emot', en: 'The application was not accepted' },
    text: known?.detail ?? {
      sv: 'Handläggarnas system tog inte emot ansökan. Kontakta oss och uppge kvittonumret.',
      en: 'The case officers’ system did not accept the application. Contact us and give the receipt number.',
    },
  };
}

/** What the receipt page shows when the wait did not end with the case: refused, given up, or still on its way. */
async function notFinal(
  client: ReturnType<Deps['cases']>,
  receiptId: string,
  error: unknown,
): Promise<ReceiptView> {
  if (SubmissionError.is(error)) {
    if (error.receipt?.status === 'dead') return { state: 'dead' };
    return refused(error.code);
  }
  if (TimeoutError.is(error)) {
    try {
      // It may have become final since the wait's last look.
      const status = await client.receipts.get(receiptId);
      if (status.status === 'accepted' || status.status === 'delivering') return { state: status.status };
      if (status.status === 'dead') return { state: 'dead' };
      const caseId = (status.result?.body as { caseId?: unknown } | undefined)?.caseId;
      if (status.status === 'delivered' && typeof caseId === 'string') return { state: 'delivered', caseId };
      if (status.status === 'failed') return refused(status.problem?.code);
    } catch {
      // Shown as not known right now, below.
    }
  }
  return { state: 'unknown', requestId: (error as { requestId?: string }).requestId };
}

/**
 * createCase through the gateway's outbox (`client.submit`: 202 and a receipt), with an Idempotency-Key tied to
 * this application, so a double click or a reload makes one submission. The receipt is shown after a redirect
 * (POST, redirect, GET), so reloading it sends nothing again.
 */
async function submit(
  c: AppContext,
  deps: Deps,
  session: Session,
  user: SessionUser,
  values: FormValues,
  application: Application,
): Promise<Response> {
  const print = fingerprint(application);
  if (
    session.submitted?.fingerprint === print &&
    session.receipt?.receiptId === session.submitted.receiptId
  ) {
    // The same application again after it went through (a double click whose first POST had finished, or the
    // back button): its receipt, not a second case.
    session.draft = undefined;
    return c.redirect('/kvitto', 303);
  }
  const key = submissionKey(session.submission, application);
  session.submission = key;
  session.draft = values;
  try {
    const receipt = await deps
      .cases(user.accessToken)
      .submit.createCase({ body: application }, { idempotencyKey: key.key });
    session.receipt = {
      receiptId: receipt.receiptId,
      title: application.title,
      applicationType: application.applicationType,
      acceptedAt: receipt.acceptedAt,
    };
    session.draft = undefined;
    session.submission = undefined;
    session.submitted = { fingerprint: print, receiptId: receipt.receiptId };
    deps.log('case_submitted', { receiptId: receipt.receiptId });
    return c.redirect('/kvitto', 303);
  } catch (error) {
    if (AuthenticationError.is(error)) {
      // The gateway no longer accepts the token (expired, or the login ended elsewhere): log in again.
      session.user = { ...user, accessTokenExpiresAt: 0 };
      return loginRedirect(c, '/ansokan');
    }
    const view = problemView(error, createCase.errors);
    deps.log('gateway_error', { operation: 'createCase', code: view.code, requestId: view.requestId });
    if (view.code === 'duplicate_submission') {
      session.draft = undefined;
      session.submission = undefined;
      return c.html(
        messagePage({
          title: view.heading,
          text: view.text,
          requestId: view.requestId,
          csrfToken: session.csrfToken,
          actions: html`<a class="button" href="/mina-arenden">Mina ärenden <span lang="en">My cases</span></a>`,
        }),
        409,
      );
    }
    const problems = fieldProblems(error, view.code, view.text);
    const notice = {
      text: { sv: `${view.heading.sv} ${view.text.sv}`, en: `${view.heading.en} ${view.text.en}` },
      requestId: view.requestId,
    };
    return showForm(c, session, values, problems, notice, problems.length > 0 ? 422 : view.status);
  }
}

/** The fields the gateway refused, as form errors; its messages name the rule, ours say what to do. */
function fieldProblems(error: unknown, code: string, text: Bilingual): FieldProblem[] {
  if (code === 'property_not_found') return [{ field: 'propertyDesignation', message: text }];
  if (!InvalidRequestError.is(error)) return [];
  const fields = new Set(error.errors.map((each) => fieldOfPointer(each.path)));
  return fieldNames
    .filter((field) => fields.has(field))
    .map((field) => ({ field, message: refusedByGateway }));
}
