/**
 * The fenced code blocks of a Markdown file, for the docs test: language, text, line, and the directive in an
 * HTML comment on the last non-blank line above the fence — `<!-- requires: nfdump, jq -->` (the block needs
 * these programs), `<!-- not-run: reason -->` (the block is shown, never run) or `<!-- shows-error -->` (the block
 * demonstrates a refusal: flowstats exiting non-zero in it is expected; the block's own commands must succeed).
 */
export interface DocBlock {
  readonly lang: string;
  readonly code: string;
  /** 1-based line of the opening fence */
  readonly line: number;
  readonly requires: ReadonlyArray<string>;
  readonly notRun?: string;
  readonly showsError?: boolean;
}

export const docBlocks = (markdown: string): DocBlock[] => {
  const lines = markdown.split('\n');
  const blocks: DocBlock[] = [];
  let lastText = '';
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(```+|~~~+)\s*([\w+-]*)/.exec(lines[i]!);
    if (!open) {
      if (lines[i]!.trim() !== '') lastText = lines[i]!.trim();
      continue;
    }
    const fence = open[2]!;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !lines[j]!.trimStart().startsWith(fence)) body.push(lines[j++]!.slice(open[1]!.length));
    const requires = /^<!--\s*requires:\s*(.+?)\s*-->$/.exec(lastText)?.[1]!.split(/[\s,]+/).filter(Boolean) ?? [];
    const notRun = /^<!--\s*not-run:\s*(.+?)\s*-->$/.exec(lastText)?.[1];
    const showsError = /^<!--\s*shows-error\s*-->$/.test(lastText);
    blocks.push({ lang: open[3]!.toLowerCase(), code: `${body.join('\n')}\n`, line: i + 1, requires, ...(notRun ? { notRun } : {}), ...(showsError ? { showsError } : {}) });
    lastText = '';
    i = j;
  }
  return blocks;
};
