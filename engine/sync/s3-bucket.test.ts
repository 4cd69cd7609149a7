/**
 * S3Bucket against a real S3 server (moto from scripts/provision.sh s3, or AWS S3: see README
 * "Sharing runs through S3"): what the sync tests do not see from the command's output.
 */
import { describe, expect, it } from 'vitest';
import { freshRemote, s3Endpoint, skipWithoutS3, useTestCredentials } from '../testing/s3-remote.js';
import { S3Bucket } from './s3-bucket.js';

describe.skipIf(skipWithoutS3())('S3Bucket', () => {
  it('shares one signal among many requests in flight without a listener-leak warning', async () => {
    useTestCredentials();
    const remote = await freshRemote();
    const bucket = new S3Bucket({
      name: 'origin',
      config: { url: remote.url, ...(s3Endpoint ? { endpoint: s3Endpoint } : {}) },
      bucket: remote.bucket,
      prefix: remote.prefix,
    });
    const warnings: Error[] = [];
    const listen = (warning: Error): void => void warnings.push(warning);
    process.on('warning', listen);
    const stop = new AbortController(); // as `flowbench push` passes its Ctrl-C signal to every request
    try {
      const keys = Array.from({ length: 40 }, (_, i) => `check/object-${i}.json`);
      const written = await Promise.all(keys.map((key, i) => bucket.putIfAbsent(key, Buffer.from(`{"n":${i}}`), stop.signal)));
      expect(written).toEqual(keys.map(() => true));
      expect(await Promise.all(keys.map((key) => bucket.exists(key, stop.signal)))).toEqual(keys.map(() => true));
      await new Promise((resolve) => setImmediate(resolve)); // a warning is emitted on the next tick
    } finally {
      process.off('warning', listen);
      bucket.destroy();
    }
    expect(warnings.map((warning) => `${warning.name}: ${warning.message}`).filter((line) => line.includes('MaxListeners'))).toEqual([]);
  });
});
