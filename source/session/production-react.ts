// Evaluated before the first import of react and ink (see load-ui.ts). Through an
// alias: the bundle build defines `process.env.NODE_ENV` as a constant, and a
// constant cannot be assigned to (under tsx the assignment is what picks the build).
const env = process.env;
env.NODE_ENV ??= 'production';

// Ink switches to "print the last frame on exit" when CI or CONTINUOUS_INTEGRATION
// is set, read once when ink is imported. The wizard only starts on a terminal
// (commands check for a TTY first), so a person is at the keyboard: a CI variable
// left in their shell, or a pipeline that allocates a pty, must not blank the screen.
if (process.stdin.isTTY === true && process.stdout.isTTY === true) {
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
}
export {};
