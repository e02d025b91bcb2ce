import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { connect as connectTls, TLSSocket } from 'node:tls';
import { createClient, type RedisClientType } from '@keyv/redis';
import { eventually } from './es';
import { freePort } from './free-port';
import { makeTestCertificates, type TestCertificates } from './test-certificates';

export interface PrivateRedisOptions {
  /** TLS only (no plain port), with a certificate from a throwaway private CA. */
  readonly tls?: boolean;
  /** `--requirepass`: clients log in as the `default` user. */
  readonly password?: string;
}

/**
 * A throwaway `redis-server` owned by one spec, for outage tests: it can be killed, frozen and
 * restarted on the same port without touching the Redis everyone else uses. No persistence,
 * so a restart comes back empty, as a replaced Redis would. Optionally TLS-only and
 * password-protected, like a managed Redis.
 */
export class PrivateRedis {
  private child?: ChildProcess;

  private constructor(
    readonly port: number,
    private readonly password?: string,
    private readonly certificates?: TestCertificates,
  ) {}

  static async start(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
    const certificates = options.tls ? await makeTestCertificates() : undefined;
    const redis = new PrivateRedis(await freePort(), options.password, certificates);
    await redis.restart();
    return redis;
  }

  /** rediss:// in TLS mode; the password, if any, as the `default` user's. */
  get url(): string {
    const scheme = this.certificates ? 'rediss' : 'redis';
    const login = this.password === undefined ? '' : `default:${encodeURIComponent(this.password)}@`;
    return `${scheme}://${login}127.0.0.1:${this.port}`;
  }

  /** The PEM file of the CA that signed the server's certificate (TLS mode). */
  get caFile(): string {
    if (!this.certificates) throw new Error('private redis runs without TLS');
    return this.certificates.caFile;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** A client of the spec's own (not the app's) that trusts the private CA. */
  async client(): Promise<RedisClientType> {
    const socket = this.certificates ? { tls: true as const, ca: readFileSync(this.caFile) } : undefined;
    const client = createClient({ url: this.url, socket }) as RedisClientType;
    await client.connect();
    return client;
  }

  /** Starts the server (again) on the same port and waits until it answers PING. */
  async restart(): Promise<void> {
    if (this.running) throw new Error('private redis is still running');
    const child = spawn('redis-server', this.args(), { stdio: 'ignore' });
    this.child = child;
    await eventually(() => ping(() => this.connect(), this.password), 10_000);
  }

  /** SIGKILL: the socket closes at once, as when Redis crashes or its host goes away. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await exited;
  }

  /** Kills the server and deletes its certificates: the end of the spec. */
  async dispose(): Promise<void> {
    await this.kill();
    await this.certificates?.remove();
  }

  /** SIGSTOP / SIGCONT: connections stay open but nothing answers, as with a hung Redis. */
  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  thaw(): void {
    this.child?.kill('SIGCONT');
  }

  private args(): string[] {
    const args = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    if (this.password !== undefined) args.push('--requirepass', this.password);
    const certificates = this.certificates;
    if (!certificates) return ['--port', String(this.port), ...args];
    return [
      ...['--port', '0', '--tls-port', String(this.port), '--tls-auth-clients', 'no'],
      ...['--tls-cert-file', certificates.certFile, '--tls-key-file', certificates.keyFile],
      ...['--tls-ca-cert-file', certificates.caFile],
      ...args,
    ];
  }

  private connect(): Socket {
    if (!this.certificates) return connect(this.port, '127.0.0.1');
    return connectTls({ port: this.port, host: '127.0.0.1', ca: readFileSync(this.caFile) });
  }
}

/** Resolves when a PING on a fresh connection (after AUTH, with a password) gets +PONG. */
function ping(open: () => Socket, password?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = open();
    const fail = (error: Error): void => {
      socket.destroy();
      reject(error);
    };
    let reply = '';
    socket.setTimeout(1_000, () => fail(new Error('PING timed out')));
    socket.once('error', fail);
    const command = `${password === undefined ? '' : `AUTH ${password}\r\n`}PING\r\n`;
    socket.once(socket instanceof TLSSocket ? 'secureConnect' : 'connect', () => socket.write(command));
    socket.on('data', (data: Buffer) => {
      reply += data.toString();
      if (reply.includes('+PONG\r\n')) {
        socket.destroy();
        resolve();
      } else if (reply.startsWith('-') || reply.includes('\r\n-')) {
        fail(new Error(`unexpected reply ${reply}`));
      }
    });
  });
}
