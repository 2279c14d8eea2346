import { describe, expect, it } from 'vitest';
import { createLogger } from '../../log/index.ts';
import { LoginFailure } from '../login-failure.ts';
import { UpstreamDirectory } from './directory.ts';
import { DiscoveryError, type ProviderSettings, type UpstreamProvider } from './provider-client.ts';

const logger = createLogger({ level: 'silent' });
const settings = (id: string) => ({ id, issuer: `https://${id}.example` }) as ProviderSettings;

describe('UpstreamDirectory', () => {
  it('starts with a provider that does not answer yet, and discovers it when needed, not more often than allowed', async () => {
    let clock = 0;
    let calls = 0;
    let up = false;
    const directory = new UpstreamDirectory({
      providers: [settings('a')],
      discover: async (s) => {
        calls += 1;
        if (!up) throw new DiscoveryError(s.id, true, 'down');
        return { id: s.id, issuer: s.issuer } as UpstreamProvider;
      },
      logger,
      now: () => clock,
      retryAfterMs: 10_000,
    });
    await directory.start();
    await expect(directory.get('a')).rejects.toMatchObject({ reason: 'provider_unreachable' });
    expect(calls).toBe(1);
    up = true;
    clock = 10_000;
    await expect(directory.get('a')).resolves.toMatchObject({ id: 'a' });
    expect(await directory.forIssuer('https://a.example')).toMatchObject({ id: 'a' });
    expect(calls).toBe(2);
  });

  it('stops the start for a provider that is wrong rather than down', async () => {
    const directory = new UpstreamDirectory({
      providers: [settings('a')],
      discover: async (s) => {
        throw new DiscoveryError(s.id, false, 'issuer mismatch');
      },
      logger,
    });
    await expect(directory.start()).rejects.toBeInstanceOf(DiscoveryError);
  });

  it('knows only configured providers', async () => {
    const directory = new UpstreamDirectory({
      providers: [],
      discover: async () => ({}) as UpstreamProvider,
      logger,
    });
    const failure = await directory.get('x').catch((error) => error);
    expect(failure).toBeInstanceOf(LoginFailure);
    expect(failure.reason).toBe('unknown_provider');
    expect(await directory.forIssuer('https://x.example')).toBeUndefined();
  });
});
