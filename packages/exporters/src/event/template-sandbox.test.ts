/**
 * Known server-side template-injection payloads (nunjucks and Jinja2 families) against the template encoder:
 * none may run code. Each either fails with a one-line rendering error or renders inert text; the code the
 * payloads try to run would set a global and return a marker, so both are checked.
 */
import { Instant } from '@flowgen/core';
import { OutBuffer } from './event-encoder';
import { createEventTemplateEncoder } from './event-template';
import { TEMPLATE_MAX_ITEMS } from './template-sandbox';

const CODE = `"globalThis.FLOWGEN_PWNED=1;return 'PWN'+'ED'"`;
const t = new Instant(Date.UTC(2024, 2, 5, 7, 8, 9) * 1000);

const render = (body: string): { text?: string; error?: string } => {
  const out = new OutBuffer();
  try {
    const enc = createEventTemplateEncoder('t', { body }, 'c.json');
    enc.record(out, 0, ['t', 's', 'n', 'xs'], [t, 'abc', 7, [1, 2]] as never, 4);
    return { text: Buffer.from(out.take()).toString() };
  } catch (e) {
    return { error: (e as Error).message };
  }
};

const PAYLOADS = [
  `{{ range.constructor(${CODE})() }}`,
  `{{ cycler.constructor(${CODE})() }}`,
  `{{ joiner.constructor(${CODE})() }}`,
  `{{ joiner().constructor(${CODE})() }}`,
  `{{ cycler(1,2).next.constructor(${CODE})() }}`,
  `{{ constructor.constructor(${CODE})() }}`,
  `{{ t.constructor.constructor(${CODE})() }}`,
  `{{ t.strftime.constructor(${CODE})() }}`,
  `{{ s.constructor.constructor(${CODE})() }}`,
  `{{ "".constructor.constructor(${CODE})() }}`,
  `{{ ""["constructor"]["constructor"](${CODE})() }}`,
  `{{ ""["con" ~ "structor"]["con" ~ "structor"](${CODE})() }}`,
  `{{ [].constructor.constructor(${CODE})() }}`,
  `{{ {}.constructor.constructor(${CODE})() }}`,
  `{{ xs.map.constructor(${CODE})() }}`,
  `{{ "".__proto__.constructor.constructor(${CODE})() }}`,
  `{{ t.__proto__.constructor.constructor(${CODE})() }}`,
  `{{ t.__lookupGetter__("__proto__").call(t).constructor.constructor(${CODE})() }}`,
  `{{ env.get.constructor(${CODE})() }}`,
  `{{ env.constructor.constructor(${CODE})() }}`,
  `{{ range.call.call(range.constructor, null, ${CODE})() }}`,
  `{{ range.apply(null, [${CODE}]) }}`,
  `{{ range.bind(null)(${CODE}) }}`,
  `{{ t.strftime.call(null, "%Y") }}`,
  `{{ "x".toString.constructor(${CODE})() }}`,
  `{% set f = range.constructor %}{{ f(${CODE})() }}`,
  `{% set f = "constructor" %}{{ range[f](${CODE})() }}`,
  `{% for k, v in env|dictsort %}{% if k == "get" %}{{ v.constructor(${CODE})() }}{{ v("PATH") }}{% endif %}{% endfor %}`,
  `{{ ([range]|first).constructor(${CODE})() }}`,
  `{{ ([t]|groupby("constructor")) }}`,
  `{{ [t]|sum("constructor") }}`,
  `{{ ${CODE}|constructor }}`,
  `{{ "__proto__"|__lookupGetter__ }}`,
  `{{ "x"|valueOf }}`,
  `{% if range is constructor %}x{% endif %}`,
  `{{ lipsum.__globals__.os.popen("id").read() }}`,
  `{{ self.__init__.__globals__.__builtins__ }}`,
  `{{ cycler.__init__.__globals__.os.popen("id").read() }}`,
  `{{ joiner.__init__.__globals__.os.popen("id").read() }}`,
  `{{ config.items() }}`,
  `{{ ''.__class__.__mro__[1].__subclasses__() }}`,
  `{{ request.application.__globals__.__builtins__.__import__('os').popen('id').read() }}`,
  `{{ process.mainModule.require("child_process").execSync("id") }}`,
  `{{ require("fs").writeFileSync("pwned", "x") }}`,
  `{{ global.process.exit(3) }}`,
  `{{ globalThis.process.pid }}`,
  `{% include "/etc/passwd" %}`,
  `{% import "/etc/passwd" as p %}`,
  `{% extends "/etc/passwd" %}`,
  `{% macro m() %}{{ caller.constructor(${CODE})() }}{% endmacro %}{% call m() %}x{% endcall %}`,
  `{{ t.valueOf().constructor.constructor(${CODE})() }}`,
];

describe('template sandbox', () => {
  it.each(PAYLOADS)('%s runs no code', (body) => {
    const r = render(body);
    expect((globalThis as Record<string, unknown>).FLOWGEN_PWNED).toBeUndefined();
    if (r.error !== undefined) expect(r.error).toMatch(/^c\.json: templates\.t\.body: (rendering failed|template syntax error): [^\n]+$/);
    else expect(r.text).not.toMatch(/PWNED|\broot:|uid=|\b\d{3,}\b.*pid/);
  });

  it('process, require and globals are undefined; data methods and helpers still work', () => {
    expect(render('[{{ process }}][{{ require }}][{{ global }}][{{ globalThis }}][{{ constructor }}]').text).toBe('[][][][][]\n');
    expect(render('{{ s.toUpperCase() }} {{ s.split("b")|join("-") }} {{ range(3)|join }} {{ xs.length }} {{ t.strftime("%Y") }}').text).toBe('ABC a-c 012 2 2024\n');
    expect(render('{% set c = cycler("a", "b") %}{{ c.next() }}{{ c.next() }}{% set j = joiner("+") %}{{ j() }}1{{ j() }}2').text).toBe('ab1+2\n');
    expect(render('{% macro twice(x) %}{{ x }}{{ x }}{% endmacro %}{{ twice(s) }}{% call twice("q") %}{% endcall %}').text).toBe('abcabcqq\n');
  });

  const SIZES: Array<[string, RegExp]> = [
    ['{% for i in range(1000000000) %}{% endfor %}', /range\(0, 1000000000, 1\) has more than/],
    ['{{ range(0, 1, 0.0000000001)|length }}', /has more than/],
    ['{{ range(0, 10 ** 300)|length }}', /has more than/],
    ['{% for i in range(1000) %}{% for j in range(1000) %}{% for k in range(10) %}{% endfor %}{% endfor %}{% endfor %}', /loops ran more than/],
    ['{{ "x".repeat(1000000000) }}', /repeat: sizes are limited/],
    ['{{ "x".padStart(1000000000) }}', /padStart: sizes are limited/],
    ['{{ "x"|indent(1000000000) }}', /filter indent: sizes are limited/],
    ['{{ "x"|center(1000000000) }}', /filter center: sizes are limited/],
    ['{{ [1]|slice(1000000000) }}', /filter slice: sizes are limited/],
    ['{% set s = "xxxxxxxxxx" %}{% for i in range(30) %}{% set s = s ~ s %}{% endfor %}{{ s }}', /rendered to \d+ characters|Invalid string length/],
    ['{% set a = range(1000000) %}{% set a = a.concat(a) %}{{ a|length }}', /concat would build 2000000 items/],
    ['{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}', /macros nested deeper than 100/],
  ];
  it.each(SIZES)('%s is bounded', (body, why) => {
    const r = render(body);
    expect(r.error).toMatch(/^c\.json: templates\.t\.body: rendering failed: [^\n]+$/);
    expect(r.error).toMatch(why);
  });

  it('the limits leave ordinary loops alone', () => {
    expect(render(`{% for i in range(${TEMPLATE_MAX_ITEMS}) %}{% endfor %}{{ range(5)|sum }}`).text).toBe('10\n');
  });
});
