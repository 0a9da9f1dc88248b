/**
 * Preloaded (`node --require`) into the flowstats processes the benchmark spawns: at exit it writes the
 * process's peak resident set (all threads, KiB → bytes) to BENCH_RSS_FILE, so RSS is measured without
 * /usr/bin/time and without sampling.
 */
import * as fs from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) process.on('exit', () => fs.writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
