import { describe, expect, it } from 'vitest';
import { renderLoginChoice } from './login-choice.ts';
import { renderLoginError } from './login-error.ts';
import { renderLoggedOut, renderLogoutConfirm, renderProtocolError } from './login-logout.ts';

const text = async (html: unknown) => String(await html);

describe('login pages', () => {
  it('offer each provider as its own named button in one form, escaping configured names', async () => {
    const html = await text(
      renderLoginChoice({
        eService: { sv: 'Bygglov <ny>', en: 'Building permit' },
        providers: [
          { id: 'bankid', name: 'BankID' },
          { id: 'freja', name: 'Freja eID "Plus"' },
        ],
        action: '/login/abc/start',
      }),
    );
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('<form method="post" action="/login/abc/start"');
    expect(html).toContain(
      '<button type="submit" name="provider" value="bankid" class="choice">BankID</button>',
    );
    expect(html).toContain('Freja eID &quot;Plus&quot;');
    expect(html).toContain('Bygglov &lt;ny&gt;');
    expect(html).not.toMatch(/<script|style=/);
  });

  it('say what happened, in Swedish and English, with a reference and the ways on', async () => {
    const html = await text(
      renderLoginError({
        kind: 'rejected',
        requestId: 'req-1',
        retryUrl: '/login/abc',
        returnAction: '/login/abc/abort',
      }),
    );
    expect(html).toContain(
      '<h1>Inloggningen kunde inte slutföras <span lang="en">The login could not be completed</span></h1>',
    );
    expect(html).toContain('role="alert"');
    expect(html).toContain('<code>req-1</code>');
    expect(html).toContain('href="/login/abc"');
    expect(html).toContain('<form method="post" action="/login/abc/abort">');
    const expired = await text(renderLoginError({ kind: 'expired', requestId: 'req-2' }));
    expect(expired).toContain('Inloggningen hittades inte');
    expect(expired).not.toContain('<form');
  });

  it('ask before logging out, with both buttons bound to the provider form', async () => {
    const html = await text(
      renderLogoutConfirm({
        form: '<form id="op.logoutForm" method="post" action="/oidc/session/end/confirm"><input type="hidden" name="xsrf" value="x"/></form>',
        eService: { sv: 'Mina sidor', en: 'My pages' },
      }),
    );
    expect(html).toContain('Vill du logga ut?');
    expect(html).toContain('form="op.logoutForm" name="logout" value="yes"');
    expect(html).toContain('Mina sidor vill logga ut dig.');
    expect(await text(renderLoggedOut())).toContain('Du är utloggad');
    const protocol = await text(renderProtocolError({ requestId: 'r', error: 'invalid_redirect_uri' }));
    expect(protocol).toContain('<code>invalid_redirect_uri</code>');
  });
});
