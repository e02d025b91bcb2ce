import type { DestinationStream } from 'pino';
import { type LogObject, RequestStory } from './request-story';

type Colors = Record<'green' | 'yellow' | 'magenta' | 'red', (text: string) => string>;
const STATE_COLORS: Record<string, keyof Colors> = {
  HIT: 'green',
  MISS: 'yellow',
  STALE: 'magenta',
  BYPASS: 'red',
};

/** The cache state that starts a story line, in its color. */
function colorState(line: string, colors: Colors): string {
  const state = /^[A-Z]+/.exec(line)?.[0] ?? '';
  const color = STATE_COLORS[state];
  return color ? `${colors[color](state)}${line.slice(state.length)}` : line;
}

/**
 * A pino destination for people: each JSON line becomes one colored line (pino-pretty renders
 * time and level, RequestStory the message). Loaded only when logs are pretty, so production
 * never pays for it.
 */
export function prettyDestination(
  out: { write(text: string): unknown },
  colorize: boolean,
): DestinationStream {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional at run time, see above
  const { prettyFactory } = require('pino-pretty') as typeof import('pino-pretty');
  const prettify = prettyFactory({
    colorize,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
    hideObject: true,
    singleLine: true,
    messageFormat: (log, key, _level, { colors }) => colorState(String(log[key]), colors),
  });
  const story = new RequestStory();
  return {
    write(line: string): void {
      let log: LogObject;
      try {
        log = JSON.parse(line) as LogObject;
      } catch {
        out.write(line);
        return;
      }
      const text = story.line(log);
      if (text === undefined) return;
      const pretty = prettify({ level: log.level, time: log.time, msg: text });
      out.write(pretty.endsWith('\n') ? pretty : `${pretty}\n`);
      // A developer wants the stack of an error: the one case that spans lines.
      const stack = (log.err as { stack?: unknown } | undefined)?.stack;
      if (typeof stack === 'string' && Number(log.level) >= 50) out.write(`${stack}\n`);
    },
  };
}
