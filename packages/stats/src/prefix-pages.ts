/**
 * The /16-prefix page directory that AddressCounts (counters per address) and DistinctCounter (a bit per
 * address) share: addresses cluster in a few prefixes, so each prefix that occurs gets a dense page of a
 * typed array, in the order prefixes appear.
 */

/** prefix (address >>> 16) → page number; −1 until the prefix's first address */
export const newPageDirectory = (): Int32Array => new Int32Array(65536).fill(-1);

/** `data`, or a copy twice as long, so that it holds at least `length` elements */
export const withRoom = <T extends Float64Array | Uint32Array>(data: T, length: number): T => {
  if (length <= data.length) return data;
  const more = new (data.constructor as new (n: number) => T)(Math.max(length, data.length * 2));
  more.set(data);
  return more;
};

/** visits the pages in prefix order (so keys come out sorted) */
export const forEachPage = (pageOf: Int32Array, visit: (prefix: number, page: number) => void): void => {
  for (let prefix = 0; prefix < 65536; prefix++) if (pageOf[prefix]! >= 0) visit(prefix, pageOf[prefix]!);
};
