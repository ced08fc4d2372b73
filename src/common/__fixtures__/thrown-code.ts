/**
 * The `code` of the error `fn` throws, or undefined when it returns. An error of another class is
 * thrown on, so a spec expecting a refusal cannot pass on a TypeError.
 */
export function thrownCode(fn: () => unknown, errorClass: abstract new (...args: never[]) => { code: string }): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof errorClass) return e.code;
    throw e;
  }
  return undefined;
}
