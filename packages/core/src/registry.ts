/**
 * The plugin registry: everything a user chooses by name (pattern, distribution, field, exporter, analyzer,
 * workflow, preset) is a contribution — plain data with the module that implements it. Built-in packages and
 * third-party plugins declare contributions the same way, in the "flowgen" block of their package.json, so the
 * built-ins exercise exactly the path a plugin takes. Modules are stored as absolute paths: worker threads
 * cannot receive functions, so each worker requires the kernels itself.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from './config-error';
import type { OptionsSchema } from './options-schema';

/** The contract version this build understands; a package declaring another is refused at load. */
export const PLUGIN_API_VERSION = 1;

export const CONTRIBUTION_KINDS = ['pattern', 'distribution', 'field', 'exporter', 'analyzer', 'workflow', 'preset'] as const;
export type ContributionKind = (typeof CONTRIBUTION_KINDS)[number];

export interface Contribution {
  readonly kind: ContributionKind;
  readonly name: string;
  readonly aliases: ReadonlyArray<string>;
  readonly apiVersion: number;
  readonly description: string;
  /** absolute path of the kernel module (or data file, for workflows/presets) */
  readonly module: string;
  readonly options?: OptionsSchema;
  /** npm package that declared it */
  readonly source: string;
}

/** The "flowgen" block of a package.json. */
interface ManifestBlock {
  apiVersion?: unknown;
  contributions?: unknown;
}

const NAME_RE = /^[a-z][a-z0-9_-]*$/;

export class Registry {
  private readonly byKey = new Map<string, Contribution>();
  private readonly ordered: Contribution[] = [];
  private readonly failed: ConfigError[] = [];

  /** Adds contributions all-or-nothing: a duplicate name (with the registry or within the list) adds none. */
  add(...cs: ReadonlyArray<Contribution>): void {
    const seen = new Map<string, Contribution>();
    for (const c of cs) {
      for (const name of [c.name, ...c.aliases]) {
        const key = `${c.kind}:${name}`;
        const existing = this.byKey.get(key) ?? seen.get(key);
        if (existing) {
          throw new ConfigError(c.source, `flowgen.contributions`,
            `${c.kind} "${name}" is already provided by ${existing.source}; contribution names must be unique`);
        }
        seen.set(key, c);
      }
    }
    for (const [key, c] of seen) this.byKey.set(key, c);
    this.ordered.push(...cs);
  }

  /**
   * Like addPackage, but a broken package (unreadable manifest, wrong apiVersion, duplicate names) is recorded
   * instead of thrown, so commands that do not use it keep working. Returns the error, if any.
   */
  tryAddPackage(packageDir: string): ConfigError | undefined {
    try {
      this.addPackage(packageDir);
      return undefined;
    } catch (e) {
      const err = e instanceof ConfigError ? e : new ConfigError(packageDir, '', (e as Error).message);
      this.failed.push(err);
      return err;
    }
  }

  /** Packages that failed to load, one line each — appended to "unknown name" errors. */
  failures(): ReadonlyArray<ConfigError> {
    return this.failed;
  }

  /** "unknown pattern "x" (known: …)" plus, when plugins failed to load, which and why. */
  unknown(kind: ContributionKind, name: string): string {
    const broken = this.failed.length ? `; not loaded: ${this.failed.map((f) => f.message).join('; ')}` : '';
    return `unknown ${kind} "${name}" (known: ${this.names(kind).join(', ') || 'none'}${broken})`;
  }

  find(kind: ContributionKind, name: string): Contribution | undefined {
    return this.byKey.get(`${kind}:${name}`);
  }

  list(kind?: ContributionKind): ReadonlyArray<Contribution> {
    return kind ? this.ordered.filter((c) => c.kind === kind) : this.ordered;
  }

  names(kind: ContributionKind): string[] {
    return this.list(kind).map((c) => c.name);
  }

  /** Reads the contributions declared in `<packageDir>/package.json` and adds them. */
  addPackage(packageDir: string): void {
    const manifestPath = path.join(packageDir, 'package.json');
    let pkg: { name?: string; flowgen?: ManifestBlock };
    try {
      pkg = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
    } catch (e) {
      throw new ConfigError(manifestPath, '', `cannot read package manifest (${(e as Error).message})`);
    }
    const source = pkg.name ?? packageDir;
    const block = pkg.flowgen;
    if (!block || typeof block !== 'object') throw new ConfigError(source, 'flowgen', 'package.json has no "flowgen" block');
    if (block.apiVersion !== PLUGIN_API_VERSION) {
      throw new ConfigError(source, 'flowgen.apiVersion',
        `declares apiVersion ${JSON.stringify(block.apiVersion)}, this flowstats supports ${PLUGIN_API_VERSION}`);
    }
    if (!Array.isArray(block.contributions)) throw new ConfigError(source, 'flowgen.contributions', 'must be a list');
    const parsed: Contribution[] = [];
    block.contributions.forEach((raw: unknown, i: number) => {
      const at = `flowgen.contributions[${i}]`;
      const c = raw as Record<string, unknown>;
      if (!c || typeof c !== 'object') throw new ConfigError(source, at, 'must be a mapping');
      if (!CONTRIBUTION_KINDS.includes(c.kind as ContributionKind)) {
        throw new ConfigError(source, `${at}.kind`, `must be one of ${CONTRIBUTION_KINDS.join(', ')}`);
      }
      if (typeof c.name !== 'string' || !NAME_RE.test(c.name)) throw new ConfigError(source, `${at}.name`, 'must be a lower-case name ([a-z][a-z0-9_-]*)');
      if (typeof c.module !== 'string') throw new ConfigError(source, `${at}.module`, 'must be a path inside the package');
      const aliases = c.aliases === undefined ? [] : c.aliases;
      if (!Array.isArray(aliases) || !aliases.every((a) => typeof a === 'string' && NAME_RE.test(a))) {
        throw new ConfigError(source, `${at}.aliases`, 'must be a list of lower-case names');
      }
      const module = path.resolve(packageDir, c.module);
      if (!module.startsWith(path.resolve(packageDir) + path.sep)) throw new ConfigError(source, `${at}.module`, 'must stay inside the package');
      // a stat per contribution at load: a typo in a manifest fails here, naming it, not deep inside a worker
      if (!fs.existsSync(module)) throw new ConfigError(source, `${at}.module`, `no such file ${JSON.stringify(c.module)}`);
      parsed.push({
        kind: c.kind as ContributionKind,
        name: c.name,
        aliases,
        apiVersion: PLUGIN_API_VERSION,
        description: typeof c.description === 'string' ? c.description : '',
        module,
        options: c.options as OptionsSchema | undefined,
        source,
      });
    });
    this.add(...parsed);
  }
}

/** Directory of an installed package, resolved the way Node would from `fromDir`. */
export const packageDir = (name: string, fromDir: string): string =>
  path.dirname(require.resolve(`${name}/package.json`, { paths: [fromDir] }));
