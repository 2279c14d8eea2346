import { describe, expect, it } from 'vitest';
import { lifecycleHeaders } from './lifecycle-headers.ts';

const links = {
  deprecation: 'https://brygga.exempel.se/reference/x#v1',
  sunset: 'https://brygga.exempel.se/reference/x#v1',
};

describe('lifecycleHeaders', () => {
  it('writes RFC 9745 Deprecation as @seconds and RFC 8594 Sunset as an HTTP date, each with its Link', () => {
    const headers = lifecycleHeaders(
      {
        status: 'deprecated',
        deprecatedAt: Date.parse('2026-10-01T00:00:00Z'),
        sunsetAt: Date.parse('2027-04-01T12:30:00Z'),
      },
      links,
    );
    expect(headers).toEqual({
      Deprecation: '@1790812800',
      Sunset: 'Thu, 01 Apr 2027 12:30:00 GMT',
      Link: `<${links.deprecation}>; rel="deprecation"; type="text/html", <${links.sunset}>; rel="sunset"; type="text/html"`,
    });
  });

  it('announces a deprecation planned for later, and sends nothing for a version with no end', () => {
    expect(
      lifecycleHeaders(
        { status: 'active', deprecatedAt: Date.parse('2030-01-01T00:00:00Z'), sunsetAt: undefined },
        links,
      ),
    ).toEqual({
      Deprecation: '@1893456000',
      Link: `<${links.deprecation}>; rel="deprecation"; type="text/html"`,
    });
    expect(
      lifecycleHeaders({ status: 'active', deprecatedAt: undefined, sunsetAt: undefined }, links),
    ).toEqual({});
  });
});
