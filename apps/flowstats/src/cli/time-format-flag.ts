/** --time-format, the same flag on every command that writes JSON: how timestamps appear (json-time.ts). */
import { Flags } from '@oclif/core';
import { ConfigError } from '@flowgen/core';
import { TIME_FORMATS, type TimeFormat } from '@flowgen/exporters/json-time';
import { oneOf } from './parse-flags';

export const timeFormatFlag = (defaultFormat: TimeFormat = 'ns') => ({
  'time-format': Flags.string({
    summary: `JSON timestamps: ns (integer ns) | string (the same digits quoted: exact in jq 1.6 and JavaScript) | iso (ISO 8601 UTC) (default ${defaultFormat})`,
    helpValue: 'FORMAT',
  }),
});

/** the chosen format; `jsonOutput` false (a non-JSON format was chosen) with the flag given is an error */
export const timeFormatOf = (value: string | undefined, defaultFormat: TimeFormat = 'ns', jsonOutput = true): TimeFormat => {
  if (value === undefined) return defaultFormat;
  if (!jsonOutput) throw new ConfigError('--time-format', '', 'applies to JSON output only (choose a JSON format with -o, or --json)');
  return oneOf('--time-format', value, TIME_FORMATS);
};
