/**
 * Named output templates (the config's `templates` block) rendered with nunjucks, a maintained Jinja2-
 * compatible engine: `{{ x }}`, `{{ t.strftime('%d/%b/%Y:%H:%M:%S') }}`, `{{ t.timestamp()|int }}`,
 * `|replace`, arithmetic, `{% if %}`, and `env` (`env.NAME`, `env.get('NAME', 'default')`). A template sees the
 * record's fields (clock and timestamp values are datetimes with Python's methods) and `env`. One trailing
 * newline of the body is dropped (as Jinja does); `header` is written once, verbatim, even with -n 0.
 */
import { ConfigError } from '@flowgen/core';
import * as nunjucks from 'nunjucks';
import type { EventEncoder } from './event-encoder';

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
  const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
  env.addGlobal('env', envObject());
  let compiled: nunjucks.Template;
  try {
    compiled = new nunjucks.Template(t.body.replace(/\n$/, ''), env, undefined, true);
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
        text = compiled.render(ctx);
      } catch (e) {
        throw new ConfigError(source, `templates.${name}.body`, `rendering failed: ${(e as Error).message.replace(/\s+/g, ' ').trim()}`);
      }
      out.string(`${text}\n`);
    },
  };
};
