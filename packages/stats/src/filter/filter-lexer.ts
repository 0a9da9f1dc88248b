/**
 * Tokens of the filter language: words (keywords, numbers, addresses, names), comparison operators,
 * `&&` `||` `!`, brackets and commas. `#` starts a comment that runs to the end of the line, as in nfdump.
 * One pass with a sticky regular expression: no recursion, any length.
 */
export interface Token {
  readonly text: string;
  /** 1-based column (counted over the whole text, newlines included) */
  readonly column: number;
}

export class FilterError extends Error {
  readonly _tag = 'FilterError';
  constructor(readonly column: number, readonly problem: string) {
    super(`column ${column}: ${problem}`);
  }
}

// whitespace and comments (matched atomically: a comment is never re-read as words), then one token:
// brackets/comma, an operator, or a word
const TOKEN = /(?=((?:\s|#[^\n]*)*))\1(?:([()[\],]|&&|\|\||[<>!=]=?)|([^\s()[\],<>!=&|#]+))/y;
const TRAILING = /(?:\s|#[^\n]*)*/y;

export const tokenize = (src: string): Token[] => {
  const out: Token[] = [];
  let at = 0;
  for (;;) {
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(src);
    if (m === null) break;
    const text = (m[2] ?? m[3])!;
    out.push({ text, column: TOKEN.lastIndex - text.length + 1 });
    at = TOKEN.lastIndex;
  }
  TRAILING.lastIndex = at;
  TRAILING.exec(src);
  if (TRAILING.lastIndex < src.length) throw new FilterError(TRAILING.lastIndex + 1, `unexpected "${src.slice(TRAILING.lastIndex, TRAILING.lastIndex + 10)}"`);
  return out;
};
