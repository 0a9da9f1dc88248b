/** The error every flow reader raises for a missing, truncated or corrupt input: the file, the byte offset, what is wrong. */
export class ReadError extends Error {
  readonly _tag = 'ReadError';
  constructor(readonly file: string, readonly offset: number, readonly problem: string) {
    super(`${file}: byte ${offset}: ${problem}`);
  }
}
