import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
// EC keys: as good as RSA for a test, and far cheaper to generate on a loaded machine.
const NEW_KEY = '-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes';

/** PEM files of a throwaway CA and of a server certificate it signed. */
export interface TestCertificates {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  remove(): Promise<void>;
}

/**
 * Makes a private CA and a certificate for 127.0.0.1 and localhost with openssl, in a temp
 * directory at run time (nothing generated is committed). Valid for one day.
 */
export async function makeTestCertificates(): Promise<TestCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'e2e-tls-'));
  const openssl = (args: string) => run('openssl', args.split(' '), { cwd: dir });
  await openssl(`req -x509 ${NEW_KEY} -days 1 -subj /CN=e2e-test-ca -keyout ca.key -out ca.crt`);
  await openssl(`req ${NEW_KEY} -subj /CN=localhost -keyout server.key -out server.csr`);
  await writeFile(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await openssl(
    'x509 -req -days 1 -in server.csr -extfile server.ext -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt',
  );
  return {
    caFile: join(dir, 'ca.crt'),
    certFile: join(dir, 'server.crt'),
    keyFile: join(dir, 'server.key'),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
