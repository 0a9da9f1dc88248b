import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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
