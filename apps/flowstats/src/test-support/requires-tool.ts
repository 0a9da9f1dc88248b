/**
 * Tests that check our output with an external program (nfdump, nfcapd, tshark, ipfixDump, …). On a machine
 * without the program they are skipped, with a line on stderr and in the test title naming it, so `npm test`
 * passes with Node alone. CI installs the programs and sets FLOWGEN_REQUIRE_TOOLS=1: there a missing program
 * is a failing test, never a silent skip.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REQUIRE_TOOLS_ENV = 'FLOWGEN_REQUIRE_TOOLS';

/** true when `name` is an executable file in a directory of PATH */
export const hasTool = (name: string): boolean =>
  (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    if (!dir) return false;
    try {
      fs.accessSync(path.join(dir, name), fs.constants.X_OK);
      return fs.statSync(path.join(dir, name)).isFile();
    } catch {
      return false;
    }
  });

export const toolsRequired = (): boolean => process.env[REQUIRE_TOOLS_ENV] === '1';

/**
 * `test` and `describe` for tests that need every one of `tools`. All present: the plain functions. Some
 * missing: skipped variants whose titles say which tool is missing (and one line on stderr), or, under
 * FLOWGEN_REQUIRE_TOOLS=1, the plain functions plus one failing test naming the missing tools.
 */
export const requiresTools = (...tools: string[]): { test: jest.It; describe: jest.Describe } => {
  const missing = tools.filter((t) => !hasTool(t));
  if (missing.length === 0) return { test, describe };
  const what = `${missing.join(', ')} not installed`;
  if (toolsRequired()) {
    test(`${missing.join(', ')} installed (${REQUIRE_TOOLS_ENV}=1)`, () => {
      throw new Error(`${what}: ${REQUIRE_TOOLS_ENV}=1 makes a missing tool a failure (.ci/run installs the tools)`);
    });
    return { test, describe };
  }
  process.stderr.write(`skipping tests that need ${missing.join(', ')}: ${what} (CI installs it; see .ci/run)\n`);
  const note = ` [skipped: ${what}]`;
  const skipTest = ((name: string, fn?: jest.ProvidesCallback, timeout?: number) => test.skip(`${name}${note}`, fn, timeout)) as jest.It;
  const skipEachTest = (table: ReadonlyArray<unknown>) => (name: string, fn: (...args: never[]) => unknown, timeout?: number) =>
    (test.skip.each as (t: ReadonlyArray<unknown>) => (n: string, f: unknown, t?: number) => void)(table)(`${name}${note}`, fn, timeout);
  Object.assign(skipTest, { each: skipEachTest, skip: test.skip, only: test.only, todo: test.todo, concurrent: test.concurrent, failing: test.failing });
  const skipDescribe = ((name: string, fn: jest.EmptyFunction) => describe.skip(`${name}${note}`, fn)) as jest.Describe;
  const skipEachDescribe = (table: ReadonlyArray<unknown>) => (name: string, fn: (...args: never[]) => unknown) =>
    (describe.skip.each as (t: ReadonlyArray<unknown>) => (n: string, f: unknown) => void)(table)(`${name}${note}`, fn);
  Object.assign(skipDescribe, { each: skipEachDescribe, skip: describe.skip, only: describe.only });
  return { test: skipTest, describe: skipDescribe };
};
