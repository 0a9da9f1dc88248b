/** Shared layout of the control block and the messages between `runOrderedJob` and its workers. */
export const CTRL_NEXT = 0;
export const CTRL_WRITTEN = 1;
export const CTRL_STOP = 2;
export const CTRL_SIZE = 4;

export interface WorkerBoot {
  readonly jobModule: string;
  readonly jobData: unknown;
  readonly control: SharedArrayBuffer;
  readonly data: SharedArrayBuffer;
  readonly firstChunk: number;
  readonly chunks: number;
  readonly window: number;
  readonly slotBytes: number;
}

export type WorkerMessage =
  | { readonly type: 'chunk'; readonly rel: number; readonly bytes: number; readonly records: number; readonly info: ReadonlyArray<number> }
  | { readonly type: 'done' }
  | {
      readonly type: 'error';
      readonly message: string;
      readonly stack?: string;
      readonly configError?: { source: string; path: string; problem: string };
    };
