import { readConfigFile, remoteSettings } from '../config/config.js';
import { blobKey, type BlobFetcher } from '../store/content-addressed-store.js';
import { allRemotes } from './remote-url.js';
import type { S3Bucket } from './s3-bucket.js';

/**
 * Where a pulled run's blobs come from when something opens them (the CLI, the app, SQL,
 * Python through `flowbench fetch-blob`): each configured remote, the default first. A blob is
 * written into the store only once its content matches its digest, so it is then readable
 * offline; a corrupt object is reported with its key and never used.
 *
 * Installed by each composition root with `store.blobs.setFetcher(remoteBlobFetcher(home))`. It
 * reads the remotes and loads the AWS SDK only when a blob is missing, so a store without remotes
 * (or one that has every blob) never pays for either.
 */
export function remoteBlobFetcher(home: string): BlobFetcher {
  const buckets = new Map<string, S3Bucket>();
  return async (sha, targetPath) => {
    const remotes = allRemotes(remoteSettings(readConfigFile(home)));
    if (remotes.length === 0) return false;
    const { S3Bucket: Bucket } = await import('./s3-bucket.js');
    for (const remote of remotes) {
      const id = JSON.stringify(remote.config);
      let bucket = buckets.get(id);
      if (!bucket) buckets.set(id, (bucket = new Bucket(remote)));
      if ((await bucket.downloadVerified(blobKey(sha), sha, targetPath)) !== null) return true;
    }
    return false;
  };
}
