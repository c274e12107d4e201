/**
 * Python's JSON, byte for byte: `json.dumps(value, sort_keys=True, separators=(",", ":"))`
 * with `ensure_ascii` and `float.__repr__`. The server hashes its state in that form
 * (`State.hash()`); producing the same text here gives the client the same hash.
 *
 * JSON numbers lose the int/float distinction in JavaScript, so the caller says which numbers
 * are floats: `PyFloat` wraps a number that Python holds as a float (3 -> "3.0").
 */

export class PyFloat {
  constructor(readonly value: number) {}
}

export type PyValue = null | boolean | number | string | PyFloat | PyValue[] | { [key: string]: PyValue };

export function pyDumps(value: PyValue): string {
  if (value === null) return "null";
  if (value === true) return "true";
  if (value === false) return "false";
  if (value instanceof PyFloat) return floatRepr(value.value);
  if (typeof value === "number") return Number.isInteger(value) ? intRepr(value) : floatRepr(value);
  if (typeof value === "string") return pyString(value);
  if (Array.isArray(value)) return `[${value.map(pyDumps).join(",")}]`;
  const keys = Object.keys(value).sort(byCodePoint);
  return `{${keys.map((k) => `${pyString(k)}:${pyDumps(value[k]!)}`).join(",")}}`;
}

/** `repr(float)`: the shortest round-trip digits; scientific below 1e-4 and from 1e16. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mantissa, expText] = x.toExponential().split("e");
  const exp = Number(expText);
  const negative = mantissa!.startsWith("-");
  const digits = mantissa!.replace("-", "").replace(".", "");
  const sign = negative ? "-" : "";
  if (exp < -4 || exp >= 16) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : "";
    const e = Math.abs(exp).toString().padStart(2, "0");
    return `${sign}${digits[0]}${frac}e${exp < 0 ? "-" : "+"}${e}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
  const fracPart = digits.slice(exp + 1) || "0";
  return `${sign}${intPart}.${fracPart}`;
}

function intRepr(x: number): string {
  return Object.is(x, -0) ? "0" : BigInt(x).toString();
}

/** `json.dumps` of a string with `ensure_ascii=True`. */
export function pyString(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Python's `round(x, ndigits)` for negative `ndigits`: ties go to the even multiple, -0 kept. */
export function pyRound(x: number, ndigits: number): number {
  const scale = 10 ** -ndigits;
  const y = x / scale;
  let r = Math.round(y);
  if (Math.abs(y % 1) === 0.5) r = 2 * Math.round(y / 2);
  const out = r * scale;
  return out === 0 ? (x < 0 || Object.is(x, -0) ? -0 : 0) : out;
}
