import { afterAll, describe, expect, it } from 'vitest';
import { Browser } from './browser.ts';
import { startEvilIdp } from './evil-idp.ts';
import { authorizationRequest, eServiceClient, freePort, type Stack, startStack } from './stack.ts';

const eServices = [
  {
    id: 'svc',
    clientId: 'svc-client',
    redirectUri: 'http://127.0.0.1:65050/callback',
    providers: ['bankid'],
  },
];

describe('starting with identity providers', () => {
  let stack: Stack | undefined;
  afterAll(() => stack?.close());

  it('refuses to start when a provider presents another issuer', async () => {
    const impostor = await startEvilIdp({ metadata: (m) => ({ ...m, issuer: 'https://impostor.example' }) });
    try {
      await expect(
        startStack({
          port: await freePort(),
          providers: [{ id: 'bankid', name: 'BankID', issuer: impostor.issuer }],
          eServices,
        }),
      ).rejects.toThrow(/discovery document of bankid was refused/);
    } finally {
      await impostor.close();
    }
  });

  it('starts while a provider is down, and tells the citizen plainly when they try to log in', async () => {
    stack = await startStack({
      port: await freePort(),
      providers: [{ id: 'bankid', name: 'BankID', issuer: 'http://127.0.0.1:9' }],
      eServices,
    });
    const warned = stack.logs.entries().some((line) => line.reason === 'provider_unreachable');
    expect(warned).toBe(true);
    const config = await eServiceClient(stack.gateway.identity?.issuer ?? '', 'svc-client');
    const started = await authorizationRequest(config, eServices[0]?.redirectUri ?? '');
    const page = await new Browser().follow(started.url);
    expect(page.response.status).toBe(503);
    expect(page.body).toContain('Legitimeringstjänsten svarar inte');
    expect(page.body).toContain('Tillbaka till e-tjänsten');
  });
});
