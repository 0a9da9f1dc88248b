/** The Jinja features the presets use, rendered by the template encoder, and its errors. */
import { Instant } from '@flowgen/core';
import { OutBuffer } from './event-encoder';
import { createEventTemplateEncoder, missingEnv } from './event-template';

const render = (body: string, fields: Record<string, unknown>, header?: string): string => {
  const out = new OutBuffer();
  const enc = createEventTemplateEncoder('t', { body, header }, 'c.json');
  enc.header(out);
  const names = Object.keys(fields);
  enc.record(out, 0, names, Object.values(fields) as never, names.length);
  return Buffer.from(out.take()).toString();
};

const t = new Instant(Date.UTC(2024, 2, 5, 7, 8, 9) * 1000 + 250_000);

describe('template encoder', () => {
  it('datetimes: strftime, timestamp()|int, isoformat, str()', () => {
    expect(render("{{ t.strftime('%d/%b/%Y:%H:%M:%S') }}|{{ t.strftime('%Y-%m-%d %H:%M:%S') }}|{{ t.strftime('%b %d %H:%M:%S') }}", { t })).toBe('05/Mar/2024:07:08:09|2024-03-05 07:08:09|Mar 05 07:08:09\n');
    expect(render('{{ t.timestamp()|int }} {{ t.isoformat() }} {{ t }}', { t })).toBe('1709622489 2024-03-05T07:08:09.250000+00:00 2024-03-05 07:08:09.250000+00:00\n');
  });

  it('filters, arithmetic, conditions, missing fields, env', () => {
    process.env.FLOWGEN_TEST_INDEX = 'main';
    expect(render("{{ (rt / 1000)|int }} {{ path|replace('/', '_') }}{% if port == '443' %} tls{% else %} plain{% endif %}{% if q %}?{{ q }}{% endif %}", { rt: 35651, path: '/a/b', port: '443' })).toBe('35 _a_b tls\n');
    expect(render("{{ env.FLOWGEN_TEST_INDEX }} {{ env.get('FLOWGEN_NOPE', 'dflt') }} [{{ missing }}]", {})).toBe('main dflt []\n');
    expect(missingEnv('{{ env.FLOWGEN_TEST_INDEX }} {{ env.FLOWGEN_NOPE }} {{ env.get("X") }}')).toEqual(['FLOWGEN_NOPE']);
  });

  it('header once and verbatim; one trailing newline of the body dropped', () => {
    expect(render('{{ a }}\n', { a: 1 }, 'H {{ a }}')).toBe('H {{ a }}\n1\n');
  });

  it('a syntax error names the template', () => {
    expect(() => createEventTemplateEncoder('bad', { body: '{% if x %}never closed' }, 'c.json')).toThrow(/^c\.json: templates\.bad\.body: template syntax error: /);
  });
});
