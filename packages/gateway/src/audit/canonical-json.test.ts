import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';

// The input of RFC 8785 §3.2.2, as JSON text, parsed as a verifier would parse it.
const rfcInput = String.raw`{
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}`;
// Its canonical form, RFC 8785 §3.2.3.
const rfcOutput = String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`;

describe('canonicalJson (RFC 8785)', () => {
  it('writes the example of §3.2.2 as §3.2.3 does, byte for byte', () => {
    expect(canonicalJson(JSON.parse(rfcInput))).toBe(rfcOutput);
    // §3.2.4 gives the UTF-8 bytes; the first and last few are enough to show the encoding is UTF-8.
    const bytes = Buffer.from(canonicalJson(JSON.parse(rfcInput)), 'utf8');
    expect(bytes.subarray(0, 4).toString('hex')).toBe('7b226c69');
    expect(bytes.subarray(-4).toString('hex')).toBe('222f227d');
  });

  it('sorts keys by UTF-16 code units (the §3.2.3 sorting example)', () => {
    const input = JSON.parse(String.raw`{
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis"
    }`);
    // Compared as text: JS objects list integer-like keys ("1") first, so re-parsing would hide the order.
    const expected = [
      String.raw`"\r":"Carriage Return"`,
      '"1":"One"',
      '"\u0080":"Control"',
      '"ö":"Latin Small Letter O With Diaeresis"',
      '"€":"Euro Sign"',
      '"\ud83d\ude00":"Emoji: Grinning Face"',
      '"\ufb33":"Hebrew Letter Dalet With Dagesh"',
    ];
    expect(canonicalJson(input)).toBe(`{${expected.join(',')}}`);
  });

  it('writes the numbers of RFC 8785 Appendix B as specified', () => {
    const cases: Array<[number, string]> = [
      [0, '0'],
      [-0, '0'],
      [Number.MIN_VALUE, '5e-324'],
      [-Number.MIN_VALUE, '-5e-324'],
      [Number.MAX_VALUE, '1.7976931348623157e+308'],
      [Number.MAX_SAFE_INTEGER, '9007199254740991'],
      [1e21, '1e+21'],
      [1e23, '1e+23'],
      [295147905179352830000, '295147905179352830000'],
      [0.000001, '0.000001'],
      [1e-7, '1e-7'],
    ];
    for (const [number, text] of cases) expect(canonicalJson(number)).toBe(text);
  });

  it('nests, keeps array order and drops no member', () => {
    expect(canonicalJson({ b: [3, { z: null, a: 'x' }], a: { d: true, c: false } })).toBe(
      '{"a":{"c":false,"d":true},"b":[3,{"a":"x","z":null}]}',
    );
  });

  it('refuses what has no canonical form instead of guessing', () => {
    expect(() => canonicalJson({ a: undefined })).toThrow(TypeError);
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson(Number.POSITIVE_INFINITY)).toThrow(TypeError);
    expect(() => canonicalJson('\ud800')).toThrow(TypeError);
    expect(() => canonicalJson(new Date(0))).toThrow(TypeError);
    expect(() => canonicalJson(1n)).toThrow(TypeError);
    expect(canonicalJson('\ud83d\ude00')).toBe('"😀"');
  });
});
