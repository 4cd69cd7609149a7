/** Ends every switch over a union: adding a member without handling it is a compile error. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
