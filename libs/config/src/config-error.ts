/** A configuration mistake: its message is the one line a process prints before it exits. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
