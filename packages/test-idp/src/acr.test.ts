import { describe, expect, it } from 'vitest';
import { acrChoice, readAcrRequest } from './acr.ts';
import { loa, supportedAcrValues } from './profile.ts';

const claims = (acr: unknown) => JSON.stringify({ id_token: { acr } });

describe('readAcrRequest', () => {
  it('reads value and values from the claims parameter', () => {
    expect(readAcrRequest({ claims: claims({ essential: true, value: loa.loa4 }) })).toEqual({
      essential: true,
      values: [loa.loa4],
    });
    expect(readAcrRequest({ claims: claims({ values: [loa.loa2, loa.loa3] }) })).toEqual({
      essential: false,
      values: [loa.loa2, loa.loa3],
    });
  });

  it('lets acr_values replace the claims parameter, as oidc-provider does', () => {
    const params = {
      claims: claims({ essential: true, value: loa.loa4 }),
      acr_values: `${loa.loa2} ${loa.loa3}`,
    };
    expect(readAcrRequest(params)).toEqual({ essential: false, values: [loa.loa2, loa.loa3] });
  });

  it('reads nothing from absent, null or broken input', () => {
    expect(readAcrRequest({})).toBeUndefined();
    expect(readAcrRequest({ claims: claims(null) })).toBeUndefined();
    expect(readAcrRequest({ claims: '{not json' })).toBeUndefined();
    expect(readAcrRequest({ claims: claims({ essential: true }) })).toBeUndefined();
  });
});

describe('acrChoice', () => {
  it('offers every level with loa3 preselected when nothing is asked for', () => {
    expect(acrChoice(undefined)).toEqual({
      satisfiable: true,
      offered: supportedAcrValues,
      preselected: loa.loa3,
    });
  });

  it('limits an essential request to the supported requested levels', () => {
    expect(acrChoice({ essential: true, values: ['urn:other', loa.loa4, loa.loa2] })).toEqual({
      satisfiable: true,
      offered: [loa.loa4, loa.loa2],
      preselected: loa.loa4,
    });
  });

  it('cannot satisfy an essential request for unsupported levels', () => {
    expect(acrChoice({ essential: true, values: ['urn:other'] })).toEqual({ satisfiable: false });
  });

  it('only preselects for a voluntary request', () => {
    expect(acrChoice({ essential: false, values: ['urn:other', loa.loa2] })).toEqual({
      satisfiable: true,
      offered: supportedAcrValues,
      preselected: loa.loa2,
    });
    expect(acrChoice({ essential: false, values: ['urn:other'] })).toMatchObject({ preselected: loa.loa3 });
  });
});
