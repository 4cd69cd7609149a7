/**
 * The S3 server the sharing spec uses, as the engine's sync tests do: moto on loopback as
 * `scripts/provision.sh s3` starts it (http://127.0.0.1:23790 unless FLOWBENCH_S3_PORT says
 * otherwise); another S3-compatible endpoint in FLOWBENCH_TEST_S3_ENDPOINT; or AWS S3 itself with
 * FLOWBENCH_TEST_S3_ENDPOINT=aws and FLOWBENCH_TEST_S3_BUCKET (an existing bucket; the spec writes
 * under `flowbench-e2e/<random>/` and deletes nothing). Against moto the server and CLI get dummy
 * credentials; otherwise they come from the usual AWS chain of the person running the tests.
 */
import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

const setting = process.env.FLOWBENCH_TEST_S3_ENDPOINT ?? `http://127.0.0.1:${process.env.FLOWBENCH_S3_PORT ?? 23790}`;
const onAws = setting === 'aws';
const onMoto = process.env.FLOWBENCH_TEST_S3_ENDPOINT === undefined;
/** The endpoint for `flowbench remote add --endpoint`, or null for AWS S3 itself. */
export const s3Endpoint: string | null = onAws ? null : setting;

/** Dummy credentials for moto: what `flowbench serve` and the CLI read from their environment. */
export function s3TestEnv(): Record<string, string> {
  if (!onMoto || process.env.AWS_ACCESS_KEY_ID !== undefined) return {};
  return { AWS_ACCESS_KEY_ID: 'FBE2EKEY', AWS_SECRET_ACCESS_KEY: 'fb-e2e-secret', AWS_REGION: 'us-east-1' };
}

/** Why the S3 server cannot be used, or null when it answers. */
export async function s3Unavailable(): Promise<string | null> {
  if (onAws) return process.env.FLOWBENCH_TEST_S3_BUCKET ? null : 'FLOWBENCH_TEST_S3_ENDPOINT=aws needs FLOWBENCH_TEST_S3_BUCKET (an existing bucket the spec may write to)';
  if (!onMoto) return null;
  try {
    const response = await fetch(`${s3Endpoint}/moto-api/`, { signal: AbortSignal.timeout(2000) });
    return response.ok ? null : `${s3Endpoint}/moto-api/ answered ${response.status}`;
  } catch (e) {
    return `no S3 server at ${s3Endpoint} (${(e as Error).message}): run "bash scripts/provision.sh s3"`;
  }
}

/** A place no one else writes to: a new bucket `s3://fb-e2e-<random>/team`, or a new prefix on AWS. */
export async function freshBucket(): Promise<string> {
  const id = randomBytes(5).toString('hex');
  if (s3Endpoint === null) return `s3://${process.env.FLOWBENCH_TEST_S3_BUCKET}/flowbench-e2e/${id}`;
  const bucket = `fb-e2e-${id}`;
  const env = s3TestEnv();
  // As the engine's own client does (engine/sync/s3-bucket.ts): the pinned SDK supports Node 20,
  // and its notice about later versions would only clutter the test log.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const client = new S3Client({
    endpoint: s3Endpoint,
    forcePathStyle: true,
    region: env.AWS_REGION ?? process.env.AWS_REGION ?? 'us-east-1',
    ...(env.AWS_ACCESS_KEY_ID === undefined ? {} : { credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! } }),
  });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
  return `s3://${bucket}/team`;
}
