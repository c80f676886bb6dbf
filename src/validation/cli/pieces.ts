/**
 * Cuts a big file into pieces by byte range without reading all of it into memory: the bytes are
 * scanned a block at a time for the `---` lines decode-fast.ts splits documents at. A piece
 * decodes exactly as the same part of the whole file does (lines shifted by the lines before
 * it), on the conditions of decode-fast.ts `filePieces`, checked on the bytes and conservatively:
 * a file that might take a path reading it as a whole (a JSON stream, a byte order mark after
 * the start, content on a `---` line, or anything not plain ASCII where that matters) is not cut.
 * Not part of the jsii API.
 */
import * as fs from 'fs';

/** A piece of a file: bytes `start` to `end`, after `lineBase` lines. */
export interface BytePiece {
  readonly start: number;
  readonly end: number;
  readonly lineBase: number;
}

const BLOCK = 1024 * 1024;
const NL = 0x0a;
/** U+FEFF in UTF-8. */
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** True for the bytes of ASCII white space (what JavaScript's \s and Go's unicode.IsSpace agree on). */
function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x0b || b === 0x0c;
}

/**
 * The pieces of `file` (`size` bytes) of about `pieceBytes` each, or undefined when it is to be
 * read as a whole (one piece, or a file that may not be cut).
 */
export function planPieces(file: string, size: number, pieceBytes: number): BytePiece[] | undefined {
  if (size <= pieceBytes) {
    return undefined;
  }
  const fd = fs.openSync(file, 'r');
  try {
    return scan(fd, pieceBytes);
  } finally {
    fs.closeSync(fd);
  }
}

function scan(fd: number, pieceBytes: number): BytePiece[] | undefined {
  const pieces: BytePiece[] = [];
  // a window on the file, reused: buf[0, len) holds the bytes from file offset bufStart
  let buf = Buffer.allocUnsafe(BLOCK);
  let len = 0;
  let bufStart = 0;
  let keepFrom = 0; // file offset of the first byte still needed
  let eof = false;
  let bomAfterStart = false;
  const fill = (): boolean => {
    if (eof) {
      return false;
    }
    if (keepFrom > bufStart) {
      buf.copy(buf, 0, keepFrom - bufStart, len);
      len -= keepFrom - bufStart;
      bufStart = keepFrom;
    }
    if (len === buf.length) {
      const bigger = Buffer.allocUnsafe(buf.length * 2); // a line longer than the window
      buf.copy(bigger, 0, 0, len);
      buf = bigger;
    }
    const from = Math.max(0, len - 2);
    const n = fs.readSync(fd, buf, len, buf.length - len, bufStart + len);
    if (n === 0) {
      eof = true;
      return false;
    }
    len += n;
    // a byte order mark anywhere after the start (in the new bytes and the two before them)
    const bom = buf.subarray(0, len).indexOf(BOM, from);
    if (bom >= 0 && bufStart + bom > 0) {
      bomAfterStart = true;
    }
    return true;
  };
  fill();
  const bom = len >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  // a file whose first character (after white space) is '{' may be a JSON stream: not cut
  for (let j = 0; ; j++) {
    while (j >= len) {
      if (!fill()) {
        return undefined;
      }
    }
    if (!isSpace(buf[j])) {
      if (bom === 0 && (buf[j] === 0x7b || buf[j] >= 0x80)) {
        return undefined;
      }
      break;
    }
  }
  let pieceStart = 0;
  let pieceLine = 0;
  let line = 0;
  let lineStart = bom; // the first line starts after the byte order mark
  for (;;) {
    keepFrom = lineStart;
    let nl = indexOfNl(lineStart - bufStart);
    while (nl < 0 && fill()) {
      nl = indexOfNl(lineStart - bufStart);
    }
    const at = lineStart - bufStart;
    const end = nl < 0 ? len : nl;
    const nlAt = nl < 0 ? -1 : bufStart + nl; // file offsets: cuttableAt may move the window
    if (bomAfterStart) {
      return undefined;
    }
    if (end - at >= 3 && buf[at] === 0x2d && buf[at + 1] === 0x2d && buf[at + 2] === 0x2d
      && (end - at === 3 || buf[at + 3] === 0x20 || buf[at + 3] === 0x09 || buf[at + 3] === 0x0d)) {
      // a document marker: only white space or a comment may follow it on its line
      let k = at + 3;
      while (k < end && (buf[k] === 0x20 || buf[k] === 0x09 || buf[k] === 0x0d)) {
        k++;
      }
      if (k < end && buf[k] !== 0x23) {
        return undefined;
      }
      for (let c = k; c < end; c++) {
        if (buf[c] >= 0x80 || buf[c] === 0x0d) {
          return undefined; // a comment with characters JavaScript and this scan might see differently
        }
      }
      const next = nlAt + 1;
      if (nlAt >= 0 && lineStart - pieceStart >= pieceBytes && cuttableAt(next)) {
        pieces.push({ start: pieceStart, end: lineStart, lineBase: pieceLine });
        pieceStart = next;
        pieceLine = line + 1;
      }
    }
    if (nlAt < 0) {
      break;
    }
    lineStart = nlAt + 1;
    line++;
  }
  if (bomAfterStart || pieces.length === 0) {
    return undefined;
  }
  pieces.push({ start: pieceStart, end: bufStart + len, lineBase: pieceLine });
  return pieces;

  function indexOfNl(from: number): number {
    const i = buf.indexOf(NL, from);
    return i >= len ? -1 : i;
  }

  /** True when the document starting at file offset `offset` starts (after white space) with printable ASCII other than '{'. */
  function cuttableAt(offset: number): boolean {
    for (let j = offset; j < offset + 1000; j++) {
      while (j - bufStart >= len) {
        if (!fill()) {
          return false;
        }
      }
      const b = buf[j - bufStart];
      if (!isSpace(b)) {
        return b !== 0x7b && b >= 0x21 && b <= 0x7e;
      }
    }
    return false;
  }
}
