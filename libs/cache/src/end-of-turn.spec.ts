import { EndOfTurn } from './end-of-turn';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('EndOfTurn', () => {
  it('runs the tasks of one turn together after its I/O callbacks, in order, and later ones in the next turn', async () => {
    const queue = new EndOfTurn();
    const ran: string[] = [];
    queue.run(() => ran.push('a'));
    queue.run(() => {
      ran.push('b');
      queue.run(() => ran.push('queued while running'));
    });
    await Promise.resolve();
    expect(ran).toEqual([]); // not in this tick, nor in its microtasks
    await nextTurn();
    expect(ran).toEqual(['a', 'b']);
    await nextTurn();
    expect(ran).toEqual(['a', 'b', 'queued while running']);
  });
});
