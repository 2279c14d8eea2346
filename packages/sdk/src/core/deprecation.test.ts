import { describe, expect, it, vi } from 'vitest';
import { announceOnce, type DeprecationNotice, readLifecycle } from './deprecation.ts';

describe('readLifecycle', () => {
  it('reads RFC 9745 Deprecation, RFC 8594 Sunset and the Link', () => {
    const headers = new Headers({
      Deprecation: '@1790812800',
      Sunset: 'Thu, 01 Apr 2027 00:00:00 GMT',
      Link: '<https://g.se/ref#v1>; rel="deprecation"; type="text/html"',
    });
    expect(readLifecycle(headers)).toEqual({
      deprecatedAt: new Date('2026-10-01T00:00:00Z'),
      sunsetAt: new Date('2027-04-01T00:00:00Z'),
      link: 'https://g.se/ref#v1',
    });
  });

  it('is undefined without either header, and tolerates unreadable values', () => {
    expect(readLifecycle(new Headers({ Link: '<x>; rel="next"' }))).toBeUndefined();
    expect(readLifecycle(new Headers({ Deprecation: 'true', Sunset: 'someday' }))).toEqual({
      deprecatedAt: undefined,
      sunsetAt: undefined,
      link: undefined,
    });
  });

  it('takes the sunset link when there is no deprecation link', () => {
    const headers = new Headers({
      Sunset: 'Thu, 01 Apr 2027 00:00:00 GMT',
      Link: '</a>; rel="next", </b>; rel=sunset',
    });
    expect(readLifecycle(headers)?.link).toBe('/b');
  });
});

describe('announceOnce', () => {
  const notice = (version: string): DeprecationNotice => ({
    contract: 'c',
    version,
    deprecatedAt: undefined,
    sunsetAt: undefined,
    link: undefined,
  });

  it('tells each listener about each contract version once', () => {
    const first = vi.fn();
    const second = vi.fn();
    announceOnce(first, notice('2026-01-15'));
    announceOnce(first, notice('2026-01-15'));
    announceOnce(first, notice('2026-04-01'));
    announceOnce(second, notice('2026-01-15'));
    expect(first.mock.calls.map(([n]) => n.version)).toEqual(['2026-01-15', '2026-04-01']);
    expect(second).toHaveBeenCalledTimes(1);
  });
});
