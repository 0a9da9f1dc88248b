/** The registry: atomic adds, the package.json contract (apiVersion, names, modules), broken packages recorded. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from './config-error';
import { Registry, type Contribution } from './registry';

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgen-registry-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const pkg = (name: string, flowgen: unknown, files: string[] = ['k.js']): string => {
  const d = path.join(dir, name);
  fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(d, 'package.json'), JSON.stringify({ name, flowgen }));
  for (const f of files) fs.writeFileSync(path.join(d, f), 'module.exports = {};');
  return d;
};
const pattern = (name: string, extra: object = {}) => ({ kind: 'pattern', name, module: './k.js', ...extra });

test('a package adds its contributions, found by name and alias, listed with their source', () => {
  const r = new Registry();
  r.addPackage(pkg('flowgen-plugin-a', { apiVersion: 1, contributions: [pattern('quic', { aliases: ['http3'] }), { kind: 'distribution', name: 'weibull', module: './k.js' }] }));
  expect(r.find('pattern', 'quic')?.source).toBe('flowgen-plugin-a');
  expect(r.find('pattern', 'http3')?.name).toBe('quic');
  expect(r.find('distribution', 'weibull')?.module).toBe(path.join(dir, 'flowgen-plugin-a', 'k.js'));
  expect(r.names('pattern')).toEqual(['quic']);
  expect(r.unknown('pattern', 'x')).toBe('unknown pattern "x" (known: quic)');
});

test('add is atomic: a duplicate name rejects the whole batch', () => {
  const r = new Registry();
  const c = (name: string): Contribution => ({ kind: 'pattern', name, aliases: [], apiVersion: 1, description: '', module: '/m.js', source: 's' });
  r.add(c('web'));
  expect(() => r.add(c('ssh'), c('web'))).toThrow(/web/);
  expect(r.names('pattern')).toEqual(['web']);
});

test.each([
  ['wrong apiVersion', { apiVersion: 2, contributions: [] }, /flowgen\.apiVersion: declares apiVersion 2, this flowstats supports 1/],
  ['no contributions list', { apiVersion: 1 }, /flowgen\.contributions: must be a list/],
  ['bad kind', { apiVersion: 1, contributions: [{ kind: 'gadget', name: 'x', module: './k.js' }] }, /contributions\[0\]\.kind: must be one of/],
  ['bad name', { apiVersion: 1, contributions: [pattern('Bad Name')] }, /contributions\[0\]\.name: must be a lower-case name/],
  ['module outside the package', { apiVersion: 1, contributions: [pattern('x', { module: '../k.js' })] }, /contributions\[0\]\.module: must stay inside the package/],
  ['missing module file', { apiVersion: 1, contributions: [pattern('x', { module: './nope.js' })] }, /contributions\[0\]\.module: no such file "\.\/nope\.js"/],
])('%s is a ConfigError naming the field', (name, block, message) => {
  const d = pkg(`broken-${name.replace(/\W+/g, '-')}`, block);
  const r = new Registry();
  expect(() => r.addPackage(d)).toThrow(ConfigError);
  expect(() => r.addPackage(d)).toThrow(message);
  // tryAddPackage records it; the registry stays usable and says why the plugin is missing
  expect(r.tryAddPackage(d)?.message).toMatch(message);
  expect(r.failures()).toHaveLength(1);
  expect(r.unknown('pattern', 'x')).toMatch(/not loaded: /);
});
