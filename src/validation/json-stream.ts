/**
 * How kubectl tells a stream of JSON objects from YAML (apimachinery YAMLOrJSONDecoder /
 * GuessJSONStream): a file whose first non-space character is '{' is read as JSON values one after
 * the other. Used by the decoders (decode.ts, decode-fast.ts) and the CLI's piece planner.
 */

/** Go's unicode.IsSpace, as hasJSONPrefix trims it (U+FEFF is not a space there). */
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/;

/** One top-level value of a JSON stream: its offsets, the lines before it, and whether it is JSON at all. */
export interface JsonValueRange {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly json: boolean;
}

/**
 * The top-level JSON values of `text` (offsets, lines before) when kubectl reads it as JSON (its
 * first non-space character is '{') and it holds more than one value; undefined otherwise.
 */
export function jsonStream(text: string): JsonValueRange[] | undefined {
  let i = GO_SPACE.exec(text)![0].length;
  if (text[i] !== '{') {
    return undefined;
  }
  const values: JsonValueRange[] = [];
  let line = (text.slice(0, i).match(/\n/g) ?? []).length;
  while (i < text.length) {
    const start = i;
    const startLine = line;
    let depth = 0;
    let inString = false;
    for (; i < text.length; i++) {
      const ch = text[i];
      if (ch === '\n') line++;
      if (inString) {
        if (ch === '\\') i++;
        else if (ch === '"') inString = false;
      } else if (ch === '"') {inString = true;} else if (ch === '{' || ch === '[') {depth++;} else if ((ch === '}' || ch === ']') && --depth === 0) {
        i++;
        break;
      }
    }
    values.push({ start, end: i, line: startLine, json: true });
    while (i < text.length && /\s/.test(text[i])) {
      if (text[i] === '\n') line++;
      i++;
    }
    if (i < text.length && text[i] !== '{' && text[i] !== '[') {
      values.push({ start: i, end: text.length, line, json: false }); // not JSON: reported as such
      break;
    }
  }
  return values.length > 1 ? values : undefined;
}
