import { describe, expect, it } from 'vitest';
import { loginContentSecurityPolicy, originsOf, withFormAction } from './csp.ts';

describe('login page policies', () => {
  it('allow forms only to the gateway itself unless told otherwise', () => {
    const policy = loginContentSecurityPolicy();
    expect(policy).toContain("form-action 'self';");
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(loginContentSecurityPolicy(['https://idp.example', 'https://idp.example'])).toContain(
      "form-action 'self' https://idp.example;",
    );
  });

  it('widen form-action in place, keeping what the provider added (a form_post script hash)', () => {
    const widened = withFormAction("default-src 'none'; script-src 'self' 'sha256-abc'; form-action 'self'", [
      'https://e.example',
    ]);
    expect(widened).toBe(
      "default-src 'none'; script-src 'self' 'sha256-abc'; form-action 'self' https://e.example",
    );
  });

  it('take origins, never paths or queries', () => {
    expect(originsOf(['https://a.example/cb?x=1', undefined, 'not a url', 'http://127.0.0.1:5/x'])).toEqual([
      'https://a.example',
      'http://127.0.0.1:5',
    ]);
  });
});
