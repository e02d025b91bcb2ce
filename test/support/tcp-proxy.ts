import { createServer, connect, type Server, type Socket } from 'node:net';
import { freePort } from './free-port';

/**
 * A TCP proxy between the app and a real dependency, owned by one spec: `close()` makes the
 * dependency vanish (connections reset, new ones refused), `open()` brings it back on the same
 * port, `delayMs` holds every request chunk that long before passing it on (a slow
 * dependency), and `stall()` holds everything in both directions, connections open and no error,
 * until `resume()` passes it on in order (a dependency that hangs). The shared dependency itself
 * is never touched.
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  /** Added before each chunk from the client is forwarded. */
  delayMs = 0;
  /** Connections accepted so far (to prove traffic went through, or did not). */
  connections = 0;
  /** While stalled: what each direction would have passed on, in order. */
  private held?: (() => void)[];

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  /** Starts listening at once, unless `open` is false (the dependency is "down" from the start). */
  static async start(targetUrl: string, open = true): Promise<TcpProxy> {
    const url = new URL(targetUrl);
    const proxy = new TcpProxy(await freePort(), { host: url.hostname, port: Number(url.port) });
    if (open) await proxy.open();
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async open(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => this.pipe(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  /** Stops listening and cuts every open connection. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  stall(): void {
    this.held ??= [];
  }

  resume(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const pass of held) pass();
  }

  private pipe(client: Socket): void {
    this.connections++;
    const upstream = connect(this.target.port, this.target.host);
    this.track(client);
    this.track(upstream);
    const passOn = (to: Socket, chunk: Buffer): void => {
      const pass = (): void => {
        if (!to.destroyed) to.write(chunk);
      };
      if (this.held) this.held.push(pass);
      else pass();
    };
    client.on('data', (chunk: Buffer) => {
      if (this.delayMs > 0) setTimeout(() => passOn(upstream, chunk), this.delayMs);
      else passOn(upstream, chunk);
    });
    upstream.on('data', (chunk: Buffer) => passOn(client, chunk));
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }
}
