import { validateOptions, type OptionsSchema } from './options-schema';

const schema: OptionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    scale: { type: 'number', minimum: 0, default: 1 },
    mode: { type: 'string', enum: ['a', 'b'] },
    ports: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 65535 } },
  },
};

test('accepts valid options and fills defaults', () => {
  expect(validateOptions(schema, { mode: 'a', ports: [80] })).toEqual({ ok: true, value: { scale: 1, mode: 'a', ports: [80] } });
});

test.each([
  [{ scale: -1 }, 'scale', /must be ≥ 0, got -1/],
  [{ mode: 'c' }, 'mode', /a|b/],
  [{ ports: [80, 70000] }, 'ports[1]', /must be ≤ 65535/],
  [{ ports: [1.5] }, 'ports[0]', /expected an integer/],
  [{ extra: 1 }, 'extra', /.+/],
  [{ scale: 'big' }, 'scale', /.+/],
])('rejects %j at %s', (value, path, problem) => {
  const r = validateOptions(schema, value);
  expect(r.ok).toBe(false);
  if (!r.ok) {
    expect(r.path).toBe(path);
    expect(r.problem).toMatch(problem);
  }
});
