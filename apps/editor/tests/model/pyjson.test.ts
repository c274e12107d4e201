import { describe, expect, it } from "vitest";
import { floatRepr, PyFloat, pyDumps, pyRound, pyString } from "../../src/model/pyjson";

describe("Python's JSON text", () => {
  it("writes floats as repr(float) does", () => {
    const cases: [number, string][] = [
      [0, "0.0"],
      [-0, "-0.0"],
      [3, "3.0"],
      [0.1, "0.1"],
      [1 / 3, "0.3333333333333333"],
      [1e-5, "1e-05"],
      [0.0001, "0.0001"],
      [1.5e-7, "1.5e-07"],
      [123456789012345.6, "123456789012345.6"],
      [1e16, "1e+16"],
      [1.25e16, "1.25e+16"],
      [9.5e7, "95000000.0"],
      [-394.25, "-394.25"],
      [2_500_123.456789, "2500123.456789"],
      [1.8900000000000001, "1.8900000000000001"],
    ];
    for (const [v, text] of cases) expect(floatRepr(v)).toBe(text);
  });

  it("sorts keys, uses compact separators and escapes non-ASCII", () => {
    expect(pyDumps({ b: 1, a: [new PyFloat(2), "ü", null, true] })).toBe('{"a":[2.0,"\\u00fc",null,true],"b":1}');
    expect(pyString("∆\u007f\n\"")).toBe('"\\u2206\\u007f\\n\\""');
    expect(pyString("😀")).toBe('"\\ud83d\\ude00"');
  });

  it("rounds like round(x, -3): half to even, keeping the sign of zero", () => {
    expect(pyRound(1500, -3)).toBe(2000);
    expect(pyRound(2500, -3)).toBe(2000);
    expect(pyRound(499.9, -3)).toBe(0);
    expect(Object.is(pyRound(-400.5, -3), -0)).toBe(true);
    expect(pyRound(2_500_123.4, -3)).toBe(2_500_000);
    expect(pyRound(-1500, -3)).toBe(-2000);
  });
});
