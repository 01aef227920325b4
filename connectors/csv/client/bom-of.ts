const BOMS: { encoding: BufferEncoding; bytes: Buffer }[] = [
  { encoding: 'utf8', bytes: Buffer.from([0xef, 0xbb, 0xbf]) },
  { encoding: 'utf16le', bytes: Buffer.from([0xff, 0xfe]) },
];

/**
 * The byte order mark a file starts with, if any: it says the encoding whatever the
 * configuration says (spreadsheets export "CSV UTF-8" and "Unicode text" with one).
 *
 * @example
 * bomOf(Buffer.from([0xff, 0xfe, 0x69, 0x00])); // { encoding: 'utf16le', length: 2 }
 */
export function bomOf(start: Buffer): { encoding: BufferEncoding; length: number } | undefined {
  const found = BOMS.find((b) => start.subarray(0, b.bytes.length).equals(b.bytes));
  return found ? { encoding: found.encoding, length: found.bytes.length } : undefined;
}
