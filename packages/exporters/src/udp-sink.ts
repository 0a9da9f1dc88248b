/**
 * Sends length-framed export datagrams (see flow/netflow/export-packet.ts) to a collector over UDP, whole
 * datagrams only, optionally paced: `rate` flows per second, or `realtime` — each datagram leaves when the
 * wall clock has advanced as far as the simulated time of its flows. Pacing never bursts more than 5 ms of
 * traffic to make up for a stall: the rate holds on average, the collector's buffer is not flooded. A collector that is not listening shows
 * up as ECONNREFUSED (the kernel's report of ICMP port unreachable on a connected socket) and fails the run
 * with a one-line reason instead of crashing. `stopped()` is checked between datagrams (Ctrl-C).
 */
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import type { ChunkTiming, OutputSink } from './output-sink';

export interface UdpTarget {
  readonly host: string;
  readonly port: number;
}

/** `udp://HOST:PORT` (IPv6 literals in brackets); returns the problem as a string when malformed */
export const parseUdpUrl = (text: string): UdpTarget | string => {
  const m = /^udp:\/\/(\[[0-9a-fA-F:.]+\]|[^:/\s]+):(\d{1,5})$/.exec(text);
  if (!m) return `expected udp://HOST:PORT, got "${text}"`;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return `port must be 1–65535, got ${port}`;
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
};

export interface UdpPacing {
  /** flows per second */
  readonly rate?: number;
  /** follow the records' own timestamps */
  readonly realtime?: boolean;
  /** stop between datagrams when true */
  readonly stopped: () => boolean;
}

export interface UdpSink extends OutputSink {
  readonly datagrams: () => number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** how far behind the pacing schedule may fall before it is moved rather than caught up */
const MAX_CATCH_UP_MS = 5;
/** datagrams handed to the kernel before waiting for their completions (bounds the send queue) */
const IN_FLIGHT = 256;

export const udpSink = async (target: UdpTarget, pacing: UdpPacing): Promise<UdpSink> => {
  const url = `udp://${net.isIPv6(target.host) ? `[${target.host}]` : target.host}:${target.port}`;
  const socket = dgram.createSocket(net.isIPv6(target.host) ? 'udp6' : 'udp4');
  let failure: Error | undefined;
  const fail = (e: NodeJS.ErrnoException): void => {
    failure ??= new Error(
      e.code === 'ECONNREFUSED'
        ? `${url}: collector not listening (ICMP port unreachable) after ${sent} datagrams`
        : `${url}: ${e.code ?? e.message}`,
    );
  };
  socket.on('error', fail);
  // a failed lookup arrives as the connect callback's argument, not as an 'error' event
  await new Promise<void>((resolve, reject) => {
    socket.connect(target.port, target.host, (e?: Error) => (e ? reject(e) : resolve()));
  }).catch((e: NodeJS.ErrnoException) => {
    socket.close();
    throw new Error(`${url}: ${e.code === 'ENOTFOUND' ? 'unknown host' : (e.code ?? e.message)}`);
  });

  let closed = false;
  const close = (): void => {
    if (!closed) (closed = true), socket.close();
  };
  let sent = 0;
  let flowsSent = 0;
  let t0 = 0; // wall ms of the first datagram
  let sim0 = 0; // simulated ms of the first datagram
  let pending = 0;
  let drained: (() => void) | undefined;
  const onSent = (e: Error | null): void => {
    if (e) fail(e as NodeJS.ErrnoException);
    if (--pending === 0 && drained) drained();
  };
  const drain = () => (pending === 0 ? Promise.resolve() : new Promise<void>((r) => (drained = r)));
  const check = (): void => {
    if (failure) throw failure;
  };

  return {
    name: url,
    datagrams: () => sent,
    async write(bytes: Uint8Array, timing?: ChunkTiming) {
      // count the datagrams first: pacing spreads the chunk's flows and time evenly over them
      let count = 0;
      for (let p = 0; p + 2 <= bytes.length; p += 2 + ((bytes[p]! << 8) | bytes[p + 1]!)) count++;
      const perDatagram = timing && count ? timing.records / count : 0;
      const simStep = timing && count > 1 ? (timing.simToMs - timing.simFromMs) / (count - 1) : 0;
      let j = 0;
      for (let p = 0; p + 2 <= bytes.length; j++) {
        if (pacing.stopped()) break;
        const len = (bytes[p]! << 8) | bytes[p + 1]!;
        if (sent === 0) (t0 = performance.now()), (sim0 = timing?.simFromMs ?? 0);
        let due = -1;
        if (pacing.rate) due = t0 + (flowsSent * 1000) / pacing.rate;
        else if (pacing.realtime && timing) due = t0 + (timing.simFromMs + j * simStep - sim0);
        if (due >= 0) {
          const now = performance.now();
          const wait = due - now;
          if (wait > 1) {
            await drain();
            await sleep(wait);
          } else if (wait < -MAX_CATCH_UP_MS) {
            // behind after a stall: move the schedule instead of bursting to catch up — a burst overflows
            // the collector's socket buffer (212 KB by default: ~150 datagrams)
            t0 -= wait + MAX_CATCH_UP_MS;
          }
        }
        pending++;
        // the view points into shared memory that is reused after this write: every send completes first
        socket.send(bytes.subarray(p + 2, p + 2 + len), onSent);
        sent++;
        flowsSent += perDatagram;
        p += 2 + len;
        if (pending >= IN_FLIGHT) await drain();
        check();
      }
      await drain();
      check();
    },
    async commit() {
      await drain();
      // a refused datagram is reported asynchronously; give the ICMP report a moment to arrive
      await sleep(20);
      check();
      close();
    },
    abort: close,
  };
};
