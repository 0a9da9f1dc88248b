/**
 * A columnar batch of API calls (the workflow engine's records): one typed array per field, reused from chunk
 * to chunk, plus the string tables its small-integer columns index. Strings (endpoints, user types, methods,
 * parameters) are table indices here so that generation and encoding never build a string per call.
 */
export const SESSION_FIELDS = [
  'session_id', 'user_id', 'user_type', 'endpoint', 'method', 'status', 'response_time_ms', 'timestamp', 'injected', 'attempt', 'params',
] as const;
export type SessionField = (typeof SESSION_FIELDS)[number];

/** The strings the batch's index columns point into; built once per run and shared with every worker. */
export interface SessionTables {
  readonly endpoints: ReadonlyArray<string>;
  readonly userTypes: ReadonlyArray<string>;
  readonly methods: ReadonlyArray<string>;
  /** request parameters; `params[i]` is the value of param index i + 1 (0 means none) */
  readonly params: ReadonlyArray<Readonly<Record<string, string>>>;
}

export class SessionBatch {
  length = 0;
  /** user index (0-based, < 2^53); ids print as `u<user>` and `u<user>-s<session>` */
  readonly user: Float64Array;
  /** session index within the user */
  readonly session: Uint32Array;
  readonly userType: Uint8Array;
  readonly endpoint: Uint16Array;
  readonly method: Uint8Array;
  readonly status: Uint16Array;
  /** response time in whole microseconds (printed as ms with three decimals) */
  readonly responseUs: Uint32Array;
  /** call time: whole seconds since the epoch and nanoseconds */
  readonly sec: Float64Array;
  readonly nsec: Uint32Array;
  /** 1 when cascade-failure injection touched the call */
  readonly injected: Uint8Array;
  /** 1 for a first call, 2 for its retry */
  readonly attempt: Uint8Array;
  /** 0: no parameters, else 1 + index into `SessionTables.params` */
  readonly param: Uint16Array;

  constructor(readonly capacity: number) {
    this.user = new Float64Array(capacity);
    this.session = new Uint32Array(capacity);
    this.userType = new Uint8Array(capacity);
    this.endpoint = new Uint16Array(capacity);
    this.method = new Uint8Array(capacity);
    this.status = new Uint16Array(capacity);
    this.responseUs = new Uint32Array(capacity);
    this.sec = new Float64Array(capacity);
    this.nsec = new Uint32Array(capacity);
    this.injected = new Uint8Array(capacity);
    this.attempt = new Uint8Array(capacity);
    this.param = new Uint16Array(capacity);
  }
}
