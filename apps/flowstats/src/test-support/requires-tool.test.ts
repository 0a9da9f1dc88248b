/** hasTool: what counts as an installed tool (the skip/require switch itself is exercised by the interop tests). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hasTool } from './requires-tool';

test('hasTool finds executables on PATH only', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowstats-tools-'));
  const saved = process.env.PATH;
  try {
    fs.writeFileSync(path.join(dir, 'runnable'), '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'plain'), 'data', { mode: 0o644 });
    fs.mkdirSync(path.join(dir, 'folder'));
    process.env.PATH = ['/nonexistent', dir].join(path.delimiter);
    expect([hasTool('runnable'), hasTool('plain'), hasTool('folder'), hasTool('absent')]).toEqual([true, false, false, false]);
    process.env.PATH = '';
    expect(hasTool('runnable')).toBe(false);
  } finally {
    process.env.PATH = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
