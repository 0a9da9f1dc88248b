/**
 * `collect --rotate`: the output split into files the way nfcapd splits its captures — one per period of
 * simulated time (`5m`: flows.202401011200.csv, named after the period start in UTC) or one per size
 * (`1GB` of records before compression: named after the first flow's start, to the millisecond). Each file is a complete document (its own
 * header and trailer) written under a temporary name and renamed when it is done, so a reader watching the
 * folder never sees a half-written file. Files change at chunk boundaries (16 384 flows by default): a
 * chunk belongs to the period of its first flow.
 */
import * as path from 'node:path';
import { ConfigError } from '@flowgen/core';
import { fileSink, type ChunkTiming, type OutputSink } from '@flowgen/exporters';
import { parseDurationNs } from '../cli/parse-time';

export type Rotation = { readonly periodMs: number } | { readonly bytes: number };

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 };

/** `5m`, `1h`, `PT15M` (a period of simulated time) or `1GB`, `500MiB` (a size) */
export const parseRotation = (flag: string, text: string): Rotation => {
  const size = /^(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)$/i.exec(text.trim());
  if (size) {
    const bytes = Math.round(Number(size[1]) * SIZE_UNITS[size[2]!.toLowerCase()]!);
    if (bytes < 4096) throw new ConfigError(flag, '', `a rotation size must be at least 4 KB, got "${text}"`);
    return { bytes };
  }
  const ns = parseDurationNs(flag, text);
  if (ns < 1_000_000_000n) throw new ConfigError(flag, '', `a rotation period must be at least 1 s, got "${text}"`);
  return { periodMs: Number(ns / 1_000_000n) };
};

/** the formats whose chunks stand alone after a header (JSON arrays are one document: use jsonl) */
export const ROTATABLE = ['csv', 'jsonl', 'text', 'msgpack', 'netflow-v5', 'netflow-v9', 'ipfix'];

/** YYYYMMDDhhmm (UTC), or YYYYMMDDhhmmssSSS for size rotation (several files a minute) */
const stamp = (ms: number, seconds: boolean): string => {
  const iso = new Date(ms).toISOString(); // 2024-01-01T12:00:00.000Z
  const s = iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16);
  return seconds ? s + iso.slice(17, 19) + iso.slice(20, 23) : s;
};

/** flows.csv.gz + 202401011200 → flows.202401011200.csv.gz (the stamp before the first extension) */
export const rotatedName = (out: string, stampText: string): string => {
  const dir = path.dirname(out);
  const base = path.basename(out);
  const dot = base.indexOf('.', 1);
  const name = dot < 0 ? `${base}.${stampText}` : `${base.slice(0, dot)}.${stampText}${base.slice(dot)}`;
  return path.join(dir, name);
};

export interface RotatingSink extends OutputSink {
  /** the files completed so far, in order */
  readonly files: string[];
}

export const rotatingSink = (out: string, rotation: Rotation, header: Uint8Array, trailer: Uint8Array): RotatingSink => {
  const files: string[] = [];
  const used = new Set<string>();
  let current: OutputSink | undefined;
  let currentName = '';
  let period = NaN;
  let bytes = 0;

  const open = async (firstMs: number): Promise<void> => {
    const bySize = 'bytes' in rotation;
    const start = bySize ? firstMs : Math.floor(firstMs / rotation.periodMs) * rotation.periodMs;
    let name = rotatedName(out, stamp(start, bySize));
    // a clash (two files from the same ms) gets _1, _2 …: they sort after the first, as they follow it
    for (let k = 1; used.has(name); k++) name = rotatedName(out, `${stamp(start, bySize)}_${k}`);
    used.add(name);
    current = fileSink(name);
    currentName = name;
    bytes = 0;
    await current.write(header);
  };
  const close = async (): Promise<void> => {
    if (!current) return;
    await current.write(trailer);
    await current.commit();
    files.push(currentName);
    current = undefined;
  };

  return {
    name: `--out ${out}`,
    files,
    async write(chunk: Uint8Array, timing?: ChunkTiming) {
      if (chunk.length === 0) return;
      const firstMs = timing?.simFromMs ?? 0;
      if ('periodMs' in rotation) {
        const p = Math.floor(firstMs / rotation.periodMs);
        if (p !== period) {
          await close();
          period = p;
        }
      } else if (current && bytes >= rotation.bytes) await close();
      if (!current) await open(firstMs);
      await current!.write(chunk);
      bytes += chunk.length;
    },
    async commit() {
      await close();
    },
    async commitPartial() {
      if (!current) return undefined;
      await current.write(trailer);
      const kept = await current.commitPartial!();
      current = undefined;
      return kept;
    },
    abort() {
      current?.abort();
      current = undefined;
    },
  };
};
