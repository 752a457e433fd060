/**
 * The handlers write their JSON log lines to stderr, as on Lambda, where CloudWatch takes
 * them. Locally they share the process with the stack, so a caller that counts what they log
 * (the bench) taps stderr here: each write that is a handler's line (a JSON object with a
 * level) goes to `onLine`, and is printed too when `print` is true. Everything else on stderr
 * passes through untouched. Returns the undo.
 */
export function tapFunctionLogs(onLine: (line: string) => void, { print }: { print: boolean }): () => void {
  const original = process.stderr.write;
  const tapped = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    if (typeof chunk === 'string' && chunk.startsWith('{"level":')) {
      onLine(chunk);
      if (!print) return true;
    }
    return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  };
  process.stderr.write = tapped as typeof process.stderr.write;
  return () => {
    process.stderr.write = original;
  };
}
