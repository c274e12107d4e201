/**
 * Typed dimensions while drawing: `5` (a length along the pointer's direction), `5<30` or
 * `5,30` or `5@30` (a length at an angle in degrees, counter-clockwise from east). Digits and
 * separators go into the buffer, Backspace edits it, Enter applies it.
 */

export interface LengthAngle {
  length: number;
  angle?: number;
}

export function parseLengthAngle(text: string): LengthAngle | null {
  const m = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*(?:[<,@]\s*(-?\d+(?:\.\d*)?|-?\.\d+)\s*)?$/.exec(text);
  if (!m) return null;
  const length = Number(m[1]);
  if (!(length > 0) || !Number.isFinite(length)) return null;
  return m[2] === undefined ? { length } : { length, angle: Number(m[2]) };
}

export class TypedInput {
  text = "";

  get active(): boolean {
    return this.text.length > 0;
  }

  /** Feed a key; true if it belongs to the buffer. */
  key(key: string): boolean {
    if (/^[0-9.]$/.test(key) || (this.text && /^[<,@-]$/.test(key))) {
      this.text += key;
      return true;
    }
    if (key === "Backspace" && this.text) {
      this.text = this.text.slice(0, -1);
      return true;
    }
    return false;
  }

  clear(): void {
    this.text = "";
  }

  parse(): LengthAngle | null {
    return parseLengthAngle(this.text);
  }
}
