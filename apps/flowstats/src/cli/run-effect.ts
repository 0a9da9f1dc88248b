/**
 * Runs a command's Effect program to a promise that rejects with the program's own error: Effect.runPromise
 * wraps untagged failures (plain Errors) in a runtime error whose `cause` is the original.
 */
import * as Effect from 'effect/Effect';

export const runEffect = <A, E>(program: Effect.Effect<A, E>): Promise<A> =>
  Effect.runPromise(program).catch((e: unknown) => {
    const cause = (e as { cause?: unknown })?.cause;
    throw e instanceof Error && !(e as { _tag?: string })._tag && cause instanceof Error ? cause : e;
  });
