import { createHash, randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import { assertSafeKey } from '../store/byte-storage.js';
import type { ResolvedRemote } from './remote-url.js';

/** Parts of a multipart upload (S3 allows 10,000 parts: 8 MiB parts reach 80 GB). */
export const PART_SIZE = 8 * 1024 * 1024;
/** Parts in flight at once per large blob. */
export const PART_QUEUE = 4;
/**
 * Listeners a caller's signal may hold at once. Each request in flight listens to it (the SDK
 * races its retries against it; an upload and each of its parts too) and a sync keeps 16
 * transfers in flight, so Node's default of 10, meant to catch a leak, would print a
 * MaxListenersExceededWarning on any push of a few runs. A real leak still goes past this.
 */
const SIGNAL_LISTENERS = 1000;

/**
 * One remote's bucket, seen as write-once objects under the remote's prefix. Every failure the
 * SDK reports becomes one FlowbenchError sentence that names the remote (never a credential).
 * Credentials come from the standard AWS chain (environment, shared files, the remote's profile,
 * SSO), resolved by the SDK; nothing here reads or stores them.
 */
export class S3Bucket {
  readonly client: S3Client;

  private readonly sharedSignals = new WeakSet<AbortSignal>();

  constructor(readonly remote: ResolvedRemote) {
    // The SDK pinned here supports Node 20 (package.json); its notice about later versions needing
    // Node 22 would land in every command's output. An explicit setting of the variable wins.
    process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
    const { endpoint, region, profile } = remote.config;
    const agentOptions = { keepAlive: true, maxSockets: 64 };
    this.client = new S3Client({
      ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
      // An S3-compatible store needs some region to sign with; AWS finds it in the chain.
      ...(region ? { region } : endpoint ? { region: 'us-east-1' } : {}),
      ...(profile ? { profile } : {}),
      maxAttempts: 3,
      // A server that accepts connections but stops answering fails the request after a minute idle.
      requestHandler: { connectionTimeout: 5000, requestTimeout: 60_000, httpAgent: new HttpAgent(agentOptions), httpsAgent: new HttpsAgent(agentOptions) },
      // S3-compatible stores often reject the SDK's default trailing checksums; Flowbench checks
      // every downloaded blob against its sha256 anyway.
      ...(endpoint ? { requestChecksumCalculation: 'WHEN_REQUIRED' as const, responseChecksumValidation: 'WHEN_REQUIRED' as const } : {}),
    });
  }

  /** The caller's signal, allowed as many listeners as the requests it is shared by (SIGNAL_LISTENERS). */
  private shared(signal: AbortSignal | undefined): AbortSignal | undefined {
    if (signal !== undefined && !this.sharedSignals.has(signal)) {
      setMaxListeners(SIGNAL_LISTENERS, signal);
      this.sharedSignals.add(signal);
    }
    return signal;
  }

  /** `s3://bucket/prefix/key`, for messages. */
  url(key: string): string {
    return `s3://${this.remote.bucket}/${this.remote.prefix}${key}`;
  }

  private fullKey(key: string): string {
    assertSafeKey(key);
    return `${this.remote.prefix}${key}`;
  }

  /** The object's bytes, or null when there is none. */
  async get(key: string, signal?: AbortSignal): Promise<Buffer | null> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.remote.bucket, Key: this.fullKey(key) }), { abortSignal: this.shared(signal) });
      return Buffer.from(await response.Body!.transformToByteArray());
    } catch (error) {
      if (isNotFound(error)) return null;
      throw this.failure(error, 'read', key);
    }
  }

  async exists(key: string, signal?: AbortSignal): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.remote.bucket, Key: this.fullKey(key) }), { abortSignal: this.shared(signal) });
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw this.failure(error, 'check', key);
    }
  }

  /**
   * Writes an object only if there is none under its key (`If-None-Match: *`). Resolves false
   * when one exists: nobody overwrites a record through Flowbench.
   */
  async putIfAbsent(key: string, body: Uint8Array, signal?: AbortSignal): Promise<boolean> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.client.send(
          new PutObjectCommand({ Bucket: this.remote.bucket, Key: this.fullKey(key), Body: body, IfNoneMatch: '*', ContentType: contentType(key) }),
          { abortSignal: this.shared(signal) },
        );
        return true;
      } catch (error) {
        const status = httpStatus(error);
        if (status === 412) return false;
        // 409: another conditional write of the same key is in flight; it decides, then we see 412.
        if (status === 409 && attempt < 5) {
          await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
          continue;
        }
        throw this.failure(error, 'write', key);
      }
    }
  }

  /**
   * Uploads a file in parallel parts (lib-storage); `onBytes` hears of each part sent. The file is
   * hashed as it streams: when its content does not match `sha` (a store damaged on this disk)
   * the stream fails before its end, so the upload is aborted and no object appears.
   */
  async uploadFile(key: string, path: string, sha: string, onBytes: (bytes: number) => void, signal?: AbortSignal): Promise<void> {
    const hash = createHash('sha256');
    const checked = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done(null, chunk);
      },
      flush(done) {
        const actual = hash.digest('hex');
        done(actual === sha ? null : new FlowbenchError(ErrorCode.store, `The local blob ${path} does not match its digest ${sha} (it hashes to ${actual}); it was not pushed.`));
      },
    });
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.remote.bucket, Key: this.fullKey(key), Body: createReadStream(path, { highWaterMark: 1024 * 1024 }).pipe(checked) },
      partSize: PART_SIZE,
      queueSize: PART_QUEUE,
      leavePartsOnError: false,
    });
    let sent = 0;
    upload.on('httpUploadProgress', (progress) => {
      const loaded = progress.loaded ?? 0;
      if (loaded > sent) onBytes(loaded - sent);
      sent = Math.max(sent, loaded);
    });
    const abort = (): void => void upload.abort().catch(() => undefined);
    this.shared(signal)?.addEventListener('abort', abort, { once: true });
    try {
      await upload.done();
    } catch (error) {
      throw this.failure(error, 'upload', key);
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }

  /**
   * Downloads an object into `target` (atomically) only if its content hashes to `sha`: a
   * corrupt or truncated object is reported with its key and never lands in the store. Resolves
   * the byte count, or null when the object does not exist.
   */
  async downloadVerified(key: string, sha: string, target: string, signal?: AbortSignal): Promise<number | null> {
    let body: Readable;
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.remote.bucket, Key: this.fullKey(key) }), { abortSignal: this.shared(signal) });
      body = response.Body as Readable;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw this.failure(error, 'read', key);
    }
    const temporary = `${target}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
    const hash = createHash('sha256');
    let bytes = 0;
    try {
      body.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
      });
      await pipeline(body, createWriteStream(temporary), { signal: this.shared(signal) });
      const actual = hash.digest('hex');
      if (actual !== sha) {
        throw new FlowbenchError(
          ErrorCode.remote,
          `The object ${this.url(key)} is corrupt: its ${bytes} bytes hash to ${actual.slice(0, 12)}…, not ${sha.slice(0, 12)}…; it was not used.`,
        );
      }
      await rename(temporary, target);
      return bytes;
    } catch (error) {
      throw error instanceof FlowbenchError ? error : this.failure(error, 'read', key);
    } finally {
      await unlink(temporary).catch(() => undefined);
    }
  }

  /** Keys under `prefix` after `startAfter`, in order, page by page (1,000 a request). */
  async listAfter(prefix: string, startAfter: string | undefined, signal?: AbortSignal): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.remote.bucket,
            Prefix: this.fullKey(prefix.replace(/\/$/, '')) + '/',
            ...(token ? { ContinuationToken: token } : startAfter ? { StartAfter: this.fullKey(startAfter) } : {}),
          }),
          { abortSignal: this.shared(signal) },
        );
      } catch (error) {
        throw this.failure(error, 'list', prefix);
      }
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key.slice(this.remote.prefix.length));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  destroy(): void {
    this.client.destroy();
  }

  /** One sentence for a failed request: what, where, and what to do. */
  failure(error: unknown, action: string, key: string): FlowbenchError {
    if (error instanceof FlowbenchError) return error;
    const where = `remote "${this.remote.name}" (${this.remote.config.endpoint ?? `s3://${this.remote.bucket}`})`;
    const name = (error as { name?: string }).name ?? '';
    const code = (error as { code?: string }).code ?? '';
    const message = (error as Error).message ?? String(error);
    let sentence: string;
    if (name === 'AbortError') {
      return new FlowbenchError(ErrorCode.cancelled, `The transfer with ${where} was stopped.`, { cause: error });
    } else if (/ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EPIPE|socket hang up|TimeoutError/.test(`${code} ${name} ${message}`)) {
      sentence = `Cannot reach ${where}: ${code || name || message}. Nothing half-written is visible there; run the command again when it is reachable.`;
    } else if (name === 'CredentialsProviderError' || /credential/i.test(message)) {
      sentence = `No AWS credentials for ${where}: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or add the remote with --profile (see docs/sync.md).`;
    } else if (name === 'NoSuchBucket') {
      sentence = `The bucket "${this.remote.bucket}" does not exist at ${where}; create it first (Flowbench never creates buckets).`;
    } else if (/Region is missing/i.test(message)) {
      sentence = `No AWS region for ${where}: set AWS_REGION or add the remote with --region.`;
    } else {
      const status = httpStatus(error);
      sentence = `Could not ${action} ${this.url(key)} on ${where}: ${name || 'error'}${status ? ` (HTTP ${status})` : ''}${message && message !== name ? `: ${message.split('\n')[0]}` : ''}.`;
    }
    return new FlowbenchError(ErrorCode.remote, sentence, { cause: error });
  }
}

function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  return name === 'NoSuchKey' || name === 'NotFound' || (httpStatus(error) === 404 && name !== 'NoSuchBucket');
}

function contentType(key: string): string {
  return key.endsWith('.json') ? 'application/json' : 'application/octet-stream';
}
