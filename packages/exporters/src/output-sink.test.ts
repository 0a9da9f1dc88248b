import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { fileSink } from './output-sink';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgen-sink-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the file appears only on commit, complete', async () => {
  const file = path.join(dir, 'out.csv');
  const sink = fileSink(file);
  await sink.write(Buffer.from('a,b\n'));
  expect(fs.existsSync(file)).toBe(false);
  await sink.write(Buffer.from('1,2\n'));
  await sink.commit();
  expect(fs.readFileSync(file, 'utf8')).toBe('a,b\n1,2\n');
  expect(fs.readdirSync(dir)).toEqual(['out.csv']);
});

test('abort leaves nothing, and an existing file untouched', async () => {
  const file = path.join(dir, 'out.csv');
  fs.writeFileSync(file, 'old\n');
  const sink = fileSink(file);
  await sink.write(Buffer.from('partial'));
  sink.abort();
  expect(fs.readdirSync(dir)).toEqual(['out.csv']);
  expect(fs.readFileSync(file, 'utf8')).toBe('old\n');
});

test('a device or FIFO is written in place, never renamed over (--out /dev/null)', async () => {
  const fifo = path.join(dir, 'pipe');
  execFileSync('mkfifo', [fifo]);
  // the reader is another process: opening a FIFO for writing blocks until a reader has it open
  const reader = spawn('cat', [fifo]);
  const read = new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    reader.stdout.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks).toString()));
  });
  const sink = fileSink(fifo);
  await sink.write(Buffer.from('a,b\n'));
  await sink.commit();
  expect(await read).toBe('a,b\n');
  expect(fs.statSync(fifo).isFIFO()).toBe(true);
  expect(fs.readdirSync(dir)).toEqual(['pipe']);
});
