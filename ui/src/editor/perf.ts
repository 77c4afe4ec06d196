/** A performance mark for the app benchmark (tests/e2e/perf.js), replacing the previous one of
 * that name so that a long session does not pile them up. */
export function mark(name: string) {
  performance.clearMarks(name);
  performance.mark(name);
}
