/**
 * Flag groups in --help, one table for every command so a flag sits under the same heading wherever it appears
 * (oclif prints ungrouped flags first under FLAGS, then one section per group). Each command calls
 * groupFlags(ItsClass.flags) once after its class; a flag not listed here stays under FLAGS.
 */
const GROUPS: Readonly<Record<string, string>> = {
  // what is read and which records count
  filter: 'SELECTION', 'filter-file': 'SELECTION', 'time-window': 'SELECTION', limit: 'SELECTION', lenient: 'SELECTION', 'ms-time': 'SELECTION',
  // where and how records are written
  out: 'OUTPUT', 'output-format': 'OUTPUT', header: 'OUTPUT', 'time-format': 'OUTPUT', json: 'OUTPUT', quiet: 'OUTPUT', rotate: 'OUTPUT', template: 'OUTPUT',
  // the simulated clock
  start: 'TIME', end: 'TIME', duration: 'TIME', days: 'TIME', bandwidth: 'TIME', timing: 'TIME', backfill: 'TIME', schedule: 'TIME',
  // addresses and traffic mix
  'src-subnets': 'NETWORK', 'dst-subnets': 'NETWORK', patterns: 'NETWORK', bidirectional: 'NETWORK', scenario: 'NETWORK', truth: 'NETWORK',
  // NetFlow/IPFIX export
  send: 'NETFLOW', rate: 'NETFLOW', realtime: 'NETFLOW', 'observation-domain': 'NETFLOW', 'engine-type': 'NETFLOW', 'engine-id': 'NETFLOW', framing: 'NETFLOW',
  // how the run is carried out; never changes the records
  threads: 'EXECUTION', shard: 'EXECUTION', progress: 'EXECUTION', 'progress-style': 'EXECUTION',
};

export const groupFlags = (flags: Record<string, { helpGroup?: string }> | undefined): void => {
  for (const [name, flag] of Object.entries(flags ?? {})) flag.helpGroup ??= GROUPS[name];
};
