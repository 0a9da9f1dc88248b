/**
 * Named output templates (the config's `templates` block) rendered with nunjucks, a maintained Jinja2-
 * compatible engine: `{{ x }}`, `{{ t.strftime('%d/%b/%Y:%H:%M:%S') }}`, `{{ t.timestamp()|int }}`,
 * `|replace`, arithmetic, `{% if %}`, and `env` (`env.NAME`, `env.get('NAME', 'default')`). A template sees the
 * record's fields (clock and timestamp values are datetimes with Python's methods) and `env`. One trailing
 * newline of the body is dropped (as Jinja does); `header` is written once, verbatim, even with -n 0.
 * Templates render in a sandbox (template-sandbox.ts): data and flowgen's helpers only, sizes bounded.
 */
import { ConfigError } from '@flowgen/core';
import type * as nunjucks from 'nunjucks';
import type { EventEncoder } from './event-encoder';
import { TemplateSandbox } from './template-sandbox';

export interface TemplateSpec {
  readonly body: string;
  readonly header?: string;
}

/** `env` inside templates: the process environment, plus Python's dict.get */
const envObject = (): Record<string, unknown> => ({
  ...process.env,
  get: (name: string, fallback: unknown = null) => process.env[name] ?? fallback,
});

/** `env.NAME` references (other than env.get) whose variable is not set: a template would fail on each record. */
export const missingEnv = (body: string): string[] =>
  [...new Set([...body.matchAll(/\benv\.(\w+)/g)].map((m) => m[1]!).filter((n) => n !== 'get' && process.env[n] === undefined))];

export const createEventTemplateEncoder = (name: string, t: TemplateSpec, source: string): EventEncoder => {
  const sandbox = new TemplateSandbox({ env: envObject() });
  let compiled: nunjucks.Template;
  try {
    compiled = sandbox.compile(t.body.replace(/\n$/, ''));
  } catch (e) {
    throw new ConfigError(source, `templates.${name}.body`, `template syntax error: ${(e as Error).message.replace(/\s+/g, ' ').trim()}`);
  }
  return {
    header(out) {
      if (t.header !== undefined) out.string(`${t.header}\n`);
    },
    record(out, _e, names, values, n) {
      const ctx: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) ctx[names[i]!] = values[i];
      let text: string;
      try {
        text = sandbox.render(compiled, ctx);
      } catch (e) {
        throw new ConfigError(source, `templates.${name}.body`, `rendering failed: ${(e as Error).message.replace(/\s+/g, ' ').replace(/\(unknown path\)\s*|\b(Template render )?Error: /g, '').trim()}`);
      }
      out.string(`${text}\n`);
    },
  };
};
