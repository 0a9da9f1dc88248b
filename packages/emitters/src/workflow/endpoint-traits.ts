/**
 * What an endpoint's name implies when the workflow does not say: its HTTP method, its typical latency and the
 * request parameters it takes (seed 001: POST for login/add/remove/payment/checkout, PUT for update/settings,
 * GET otherwise; payments slow, logout fast; search and browse carry parameters).
 * Names are matched on whole words of the path (`/api/cart/add`, `add_to_cart`), so `/address` is not "add".
 */
const words = (endpoint: string): string[] => endpoint.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);

const POST_WORDS = new Set(['login', 'add', 'remove', 'payment', 'payments', 'checkout']);
const PUT_WORDS = new Set(['update', 'settings']);

export const inferMethod = (endpoint: string): string => {
  const w = words(endpoint);
  if (w.some((x) => POST_WORDS.has(x))) return 'POST';
  if (w.some((x) => PUT_WORDS.has(x))) return 'PUT';
  return 'GET';
};

/** Mean latency in ms by the kind of work an endpoint does. */
const LATENCY_MS: ReadonlyArray<readonly [ReadonlyArray<string>, number]> = [
  [['payment', 'payments', 'pay'], 450],
  [['checkout', 'order', 'orders'], 250],
  [['search'], 180],
  [['login', 'auth', 'token'], 150],
  [['browse', 'products', 'catalog', 'recommendations'], 160],
  [['logout', 'health', 'ping', 'metrics'], 30],
];
export const DEFAULT_LATENCY_MS = 100;

export const inferLatencyMs = (endpoint: string): number => {
  const w = new Set(words(endpoint));
  for (const [keys, ms] of LATENCY_MS) if (keys.some((k) => w.has(k))) return ms;
  return DEFAULT_LATENCY_MS;
};

/** Parameter sets for search and browse endpoints (the seed's `{q, sort}` and `{category, page}`). */
const SEARCH_PARAMS = {
  q: ['laptop', 'phone', 'headphones', 'camera', 'monitor', 'keyboard', 'shoes', 'jacket', 'coffee', 'book', 'desk', 'charger'],
  sort: ['relevance', 'price', 'rating', 'newest'],
};
const BROWSE_PARAMS = {
  category: ['electronics', 'books', 'clothing', 'home', 'sports', 'toys', 'beauty', 'garden'],
  page: ['1', '2', '3', '4', '5', '6', '7', '8'],
};

export const inferParams = (endpoint: string): Readonly<Record<string, ReadonlyArray<string>>> | undefined => {
  const w = words(endpoint);
  // only list endpoints: `/api/products/{id}` is one product, not a listing
  if (endpoint.includes('{')) return undefined;
  if (w.includes('search')) return SEARCH_PARAMS;
  if (w.includes('browse') || w.at(-1) === 'products' || w.at(-1) === 'catalog') return BROWSE_PARAMS;
  return undefined;
};
