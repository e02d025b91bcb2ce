import { ConsoleLogger, type LogLevel as NestLogLevel } from '@nestjs/common';
import type { LogLevel } from '@app/config';

// Nest's boot chatter ("Starting Nest application", module init) says nothing to a CLI user.
const FRAMEWORK_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'NestApplication']);

// LOG_LEVEL uses pino's names; map them onto Nest's levels.
const NEST_LEVELS: Record<LogLevel, NestLogLevel[]> = {
  silent: [],
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  trace: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/** Console logging for the CLI on stderr, so stdout carries only the results. */
export class CliLogger extends ConsoleLogger {
  constructor(level: LogLevel) {
    super('cli', { logLevels: NEST_LEVELS[level] });
  }

  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest.at(-1);
    if (typeof context === 'string' && FRAMEWORK_CONTEXTS.has(context)) return;
    super.log(...oneLine(message, rest));
  }

  override warn(message: unknown, ...rest: unknown[]): void {
    super.warn(...oneLine(message, rest));
  }

  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: NestLogLevel,
    _writeStreamType?: 'stdout' | 'stderr',
  ): void {
    super.printMessages(messages, context, logLevel, 'stderr');
  }
}

/** The libraries log pino-style `(fields, message)`; print that as `message {"field":...}`. */
function oneLine(message: unknown, rest: unknown[]): [unknown, ...unknown[]] {
  const [text, ...others] = rest;
  if (typeof message === 'object' && message !== null && typeof text === 'string' && others.length > 0) {
    return [`${text} ${JSON.stringify(message)}`, ...others];
  }
  return [message, ...rest];
}
