/**
 * Bad `hosts` sections: each is refused with the config's name, the field path and what is allowed (the
 * message the CLI prints as one line). Also: `hosts` absent leaves the plan without a host model.
 */
import { FlowGenerator } from './flow-generator';

const gen = (hosts: unknown, extra: Record<string, unknown> = {}) => () =>
  new FlowGenerator({ source: 'net.yaml', config: { generation: { seed: 1, total_flows: 10 }, hosts, ...extra } });

test.each([
  [{ clients: { count: 0 } }, /net\.yaml: hosts\.clients\.count/],
  [{ clients: { count: 70000, subnets: ['10.0.0.0/16'] } }, /net\.yaml: hosts\.clients\.count: 70000 hosts do not fit in 65534/],
  [{ clients: { subnets: ['10.0.0.0/40'] } }, /net\.yaml: hosts\.clients\.subnets\[0\]/],
  [{ clients: { activity: { distribution: 'zipf', exponent: -1 } } }, /hosts\.clients\.activity\.exponent: zipf exponent must be within 0…10/],
  [{ clients: { activity: { distribution: 'pareto' } } }, /hosts\.clients\.activity\.distribution/],
  [{ clients: { activity: { distribution: 'uniform', sigma: 2 } } }, /hosts\.clients\.activity\.sigma: only lognormal takes a sigma/],
  [{ conversation_reuse: 1.5 }, /net\.yaml: hosts\.conversation_reuse: must be a probability within \[0, 1\]/],
  [{ servers: [{ name: 'a', patterns: ['gopher'], subnets: ['10.0.0.0/24'] }] }, /hosts\.servers\[0\]\.patterns\[0\]: unknown pattern "gopher"/],
  [{ servers: [{ name: 'a', patterns: ['dns'] }] }, /net\.yaml: hosts\.servers\[0\]: needs subnets or addresses/],
  [{ servers: [{ name: 'a', patterns: ['dns'], addresses: ['10.0.0.1', 'x'] }] }, /hosts\.servers\[0\]\.addresses\[1\]/],
  [{ servers: [{ name: 'a', patterns: ['dns'], addresses: ['10.0.0.1'], count: 3 }] }, /hosts\.servers\[0\]\.count: is 3 but 1 addresses/],
  [
    { servers: [{ name: 'a', patterns: ['dns'], addresses: ['10.0.0.1'] }, { name: 'b', patterns: ['dns'], addresses: ['10.0.0.2'] }] },
    /hosts\.servers\[1\]\.patterns\[0\]: pattern "dns" is already served by "a"/,
  ],
  [{ colour: 'blue' }, /net\.yaml: hosts\.colour: unknown field/],
])('hosts %j is refused', (hosts, message) => {
  expect(gen(hosts)).toThrow(message);
});

test('no hosts section: no host model in the plan (addresses uniform over the subnets, as before)', () => {
  expect(new FlowGenerator({ config: { generation: { seed: 1, total_flows: 10 } } }).plan.hosts).toBeUndefined();
  expect(new FlowGenerator({ config: { generation: { seed: 1, total_flows: 10 }, hosts: {} } }).plan.hosts?.clients.count).toBe(5000);
  // the default count never exceeds the usable addresses: a /24 holds 254 clients
  expect(new FlowGenerator({ config: { generation: { seed: 1, total_flows: 10 }, hosts: { clients: { subnets: ['10.0.0.0/24'] } } } }).plan.hosts?.clients.count).toBe(254);
});
