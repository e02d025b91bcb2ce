import { logsArePretty } from './log-format';

describe('logsArePretty', () => {
  it.each([
    ['auto', 'development', true, true],
    ['auto', 'development', false, false],
    ['auto', 'production', true, false],
    ['auto', 'test', true, false],
    ['pretty', 'production', false, true],
    ['json', 'development', true, false],
  ] as const)('LOG_FORMAT=%s, NODE_ENV=%s, terminal %s → pretty %s', (logFormat, env, tty, pretty) => {
    expect(logsArePretty({ logFormat, env }, tty)).toBe(pretty);
  });
});
