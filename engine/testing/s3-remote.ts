import { randomBytes } from 'node:crypto';
import { createServer, Socket, type Server } from 'node:net';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { inCI } from './docker-targets.js';

/**
 * The S3 server the sync tests use: moto on loopback as `scripts/provision.sh s3` starts it, or
 * another S3 through the environment:
 *   FLOWBENCH_TEST_S3_ENDPOINT  an S3-compatible endpoint (default http://127.0.0.1:23790, moto);
 *                               `aws` for AWS S3 itself
 *   FLOWBENCH_TEST_S3_BUCKET    with `aws`: an existing bucket the tests may write under
 *                               `flowbench-test/<random>/` (they never delete anything)
 * With moto, each test gets a new bucket and dummy credentials; with AWS, the credentials and
 * region come from the standard chain (AWS_PROFILE, AWS_REGION, …).
 */
const endpointSetting = process.env['FLOWBENCH_TEST_S3_ENDPOINT'] ?? `http://127.0.0.1:${process.env['FLOWBENCH_S3_PORT'] ?? 23790}`;
export const onAws = endpointSetting === 'aws';
export const s3Endpoint: string | undefined = onAws ? undefined : endpointSetting;
const awsBucket = process.env['FLOWBENCH_TEST_S3_BUCKET'];

/** Dummy credentials for moto (the no-credential-in-files test looks for these strings). */
export const testCredentials: NodeJS.ProcessEnv = onAws
  ? {}
  : { AWS_ACCESS_KEY_ID: 'FBTESTKEY7QX2', AWS_SECRET_ACCESS_KEY: 'fb-test-secret-9f2c41d7e0', AWS_REGION: 'us-east-1' };

/**
 * Puts the test credentials in this process's environment: the in-process CLI (cli-harness) gets
 * an env for settings, but the AWS SDK's credential chain reads process.env, as for a user.
 */
export function useTestCredentials(): void {
  Object.assign(process.env, testCredentials);
}

/** The environment every sync test passes to the CLI. */
export function s3Env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...testCredentials, ...extra };
}

export function testClient(endpoint: string | undefined = s3Endpoint): S3Client {
  // As the engine's own client does (sync/s3-bucket.ts): the pinned SDK supports Node 20, and its
  // notice about later versions would only clutter the test log.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  return new S3Client({
    ...(endpoint ? { endpoint, forcePathStyle: true, region: 'us-east-1', requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
    ...(testCredentials['AWS_ACCESS_KEY_ID']
      ? { credentials: { accessKeyId: testCredentials['AWS_ACCESS_KEY_ID'], secretAccessKey: testCredentials['AWS_SECRET_ACCESS_KEY']! } }
      : {}),
  });
}

async function probe(): Promise<{ ok: boolean; reason: string }> {
  if (onAws) {
    return awsBucket
      ? { ok: true, reason: '' }
      : { ok: false, reason: 'FLOWBENCH_TEST_S3_ENDPOINT=aws needs FLOWBENCH_TEST_S3_BUCKET (an existing bucket the tests may write to)' };
  }
  try {
    const response = await fetch(`${s3Endpoint}/moto-api/`, { signal: AbortSignal.timeout(2000) });
    if (response.ok) return { ok: true, reason: '' };
    return { ok: false, reason: `${s3Endpoint}/moto-api/ answered ${response.status}` };
  } catch (error) {
    return { ok: false, reason: `no S3 server at ${s3Endpoint} (${(error as Error).message}); run "bash scripts/provision.sh s3" or set FLOWBENCH_TEST_S3_ENDPOINT` };
  }
}

export const s3Server = await probe();

/** Skip only outside CI, and say why. */
export function skipWithoutS3(): boolean {
  if (!s3Server.ok && !inCI) console.warn(`sync tests skipped: ${s3Server.reason}`);
  return !s3Server.ok && !inCI;
}

export interface TestRemote {
  /** `s3://bucket/prefix` */
  readonly url: string;
  readonly bucket: string;
  /** '' or `flowbench-test/…/` */
  readonly prefix: string;
  /** `flowbench remote add` arguments after the name. */
  readonly addArgs: string[];
}

/** A place no other test writes to: a new bucket on moto, a new prefix on AWS. */
export async function freshRemote(endpoint: string | undefined = s3Endpoint): Promise<TestRemote> {
  const id = randomBytes(5).toString('hex');
  if (onAws) {
    const prefix = `flowbench-test/${id}/`;
    const url = `s3://${awsBucket}/${prefix.slice(0, -1)}`;
    return { url, bucket: awsBucket!, prefix, addArgs: [url] };
  }
  const bucket = `fb-test-${id}`;
  const client = testClient();
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
  const url = `s3://${bucket}/team`;
  return { url, bucket, prefix: 'team/', addArgs: [url, '--endpoint', endpoint!] };
}

/**
 * A TCP proxy in front of the S3 server that a test can stop (every connection cut, then
 * refused) and start again on the same port: "the server stopped mid-sync" without stopping
 * the shared server. Counts the bytes it forwarded upstream.
 */
export class StoppableProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  bytesUp = 0;
  /** HTTP requests seen (a chunk from the client that starts with a method). */
  requests = 0;
  port = 0;
  private started = Date.now();

  /** `bytesPerSecond` > 0 limits the upstream rate (over all connections). */
  constructor(
    private readonly target: URL,
    private readonly bytesPerSecond = 0,
  ) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.started = Date.now();
    this.bytesUp = 0;
    this.requests = 0;
    const server = createServer((client) => {
      const upstream = new Socket();
      upstream.connect(Number(this.target.port), this.target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.on('data', (chunk: Buffer) => {
        this.bytesUp += chunk.length;
        if (/^(GET|PUT|HEAD|POST|DELETE) /.test(chunk.subarray(0, 8).toString('latin1'))) this.requests += 1;
        upstream.write(chunk);
        // A rate limit makes a long upload long enough to interrupt at a chosen point.
        if (this.bytesPerSecond > 0) {
          const due = this.started + (this.bytesUp / this.bytesPerSecond) * 1000;
          const wait = due - Date.now();
          if (wait > 0) {
            client.pause();
            setTimeout(() => client.resume(), wait);
          }
        }
      });
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Cuts every connection and stops listening (new connections are refused). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
