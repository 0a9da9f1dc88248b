/** Workflow validation (every rule, with its path) and the YAML load → save → load round trip. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseWorkflowText, workflowToYaml, type WorkflowDefinition } from './workflow-definition';
import { validateWorkflow } from './validate-workflow';

const WORKFLOWS = path.join(__dirname, '..', '..', 'workflows');

const base = (): WorkflowDefinition => ({
  name: 't',
  entry_points: { '/a': 0.5, '/b': 0.5 },
  transitions: { '/a': { '/b': 0.4, '/end': 0.6 }, '/b': { '/a': 0.2, '/end': 0.8 } },
  exit_points: ['/end'],
});
const errors = (w: WorkflowDefinition) => validateWorkflow(w).filter((p) => p.severity === 'error').map((p) => `${p.path}: ${p.message}`);
const warnings = (w: WorkflowDefinition) => validateWorkflow(w).filter((p) => p.severity === 'warning').map((p) => `${p.path}: ${p.message}`);

describe('validateWorkflow', () => {
  it('accepts a sound workflow and every prebuilt one', () => {
    expect(validateWorkflow(base())).toEqual([]);
    for (const f of fs.readdirSync(WORKFLOWS)) {
      const w = parseWorkflowText(fs.readFileSync(path.join(WORKFLOWS, f), 'utf8'), f);
      expect(errors(w)).toEqual([]);
    }
  });

  it('entry points must sum to 1 within 1e-6', () => {
    expect(errors({ ...base(), entry_points: { '/a': 0.5, '/b': 0.4 } })).toEqual(['entry_points: probabilities sum to 0.9, must be 1 (±0.000001)']);
    expect(errors({ ...base(), entry_points: { '/a': 0.5, '/b': 0.5000005 } })).toEqual([]);
    expect(errors({ ...base(), entry_points: {} })).toEqual(['entry_points: no entry points: a session has nowhere to start']);
  });

  it('every transition row must sum to 1, and names its endpoint', () => {
    const w = base();
    expect(errors({ ...w, transitions: { ...w.transitions, '/a': { '/b': 0.5, '/end': 0.6 } } })).toEqual([
      'transitions["/a"]: probabilities sum to 1.1, must be 1 (±0.000001)',
    ]);
  });

  it('a non-exit endpoint without transitions is a dead end', () => {
    const w = base();
    expect(errors({ ...w, transitions: { ...w.transitions, '/b': { '/a': 0.2, '/c': 0.8 } } })).toEqual([
      'transitions["/c"]: dead end: not an exit point and has no outgoing transitions (add transitions or list it in exit_points)',
    ]);
  });

  it('endpoints from which no exit can be reached', () => {
    const w: WorkflowDefinition = {
      ...base(),
      transitions: { '/a': { '/b': 0.5, '/end': 0.5 }, '/b': { '/c': 1 }, '/c': { '/b': 1 } },
    };
    expect(errors(w)).toEqual([
      'transitions["/b"]: no path from this endpoint reaches an exit point (sessions would loop until max length)',
      'transitions["/c"]: no path from this endpoint reaches an exit point (sessions would loop until max length)',
    ]);
    expect(errors({ ...base(), exit_points: [] })).toContain('exit_points: no exit points: sessions could never end');
  });

  it('side tables may only name endpoints of the chain', () => {
    expect(errors({ ...base(), avg_response_times: { '/a': 10, '/nope': 5 }, methods: { '/zzz': 'GET' }, params: { '/b': { q: [] } } })).toEqual([
      'avg_response_times["/nope"]: unknown endpoint (not in entry_points, transitions or exit_points)',
      'methods["/zzz"]: unknown endpoint (not in entry_points, transitions or exit_points)',
      'params["/b"].q: needs at least one value',
    ]);
  });

  it('user types must sum to 1', () => {
    expect(errors({ ...base(), user_type_distribution: { a: 0.5, b: 0.2 } })).toEqual(['user_type_distribution: probabilities sum to 0.7, must be 1 (±0.000001)']);
  });

  it('warns about unreachable endpoints and transitions out of exits', () => {
    const w: WorkflowDefinition = { ...base(), transitions: { ...base().transitions, '/end': { '/a': 1 }, '/x': { '/end': 1 } } };
    expect(errors(w)).toEqual([]);
    expect(warnings(w)).toEqual([
      'transitions["/end"]: an exit point ends its session, so these transitions are never taken',
      'endpoints["/x"]: unreachable from the entry points',
    ]);
  });
});

describe('workflow files', () => {
  it('load → save → load round-trips exactly (every prebuilt workflow)', () => {
    for (const f of fs.readdirSync(WORKFLOWS)) {
      const w = parseWorkflowText(fs.readFileSync(path.join(WORKFLOWS, f), 'utf8'), f);
      const again = parseWorkflowText(workflowToYaml(w), 'saved.yaml');
      expect(again).toEqual(w);
      expect(workflowToYaml(again)).toBe(workflowToYaml(w));
    }
  });

  it('JSON works too, and schema errors name the field path', () => {
    expect(parseWorkflowText(JSON.stringify(base()), 'w.json')).toEqual(base());
    expect(() => parseWorkflowText('name: x\nentry_points: {/a: 1.5}\ntransitions: {}\nexit_points: [/a]\n', 'w.yaml')).toThrow(/^w\.yaml: entry_points\.\/a: /);
    expect(() => parseWorkflowText('name: x\nentry_points: {/a: 1}\ntransitions: {}\nexit_point: [/a]\n', 'w.yaml')).toThrow(/^w\.yaml: /);
    expect(() => parseWorkflowText('name: x\nentry_points: {/a: 1}\ntransitions: {}\nexit_points: [/a]\nmethods: {/a: FETCH}\n', 'w.yaml')).toThrow(/^w\.yaml: methods\.\/a: /);
  });
});
