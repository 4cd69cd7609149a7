import type { DockerTarget } from './docker-connection.js';

interface PullProgress {
  status?: string;
  id?: string;
  progress?: string;
  error?: string;
}

/**
 * Makes sure `image` is on the target engine, pulling it when it is missing. Progress goes to
 * `report` (a line at most every second per layer state). Resolves to null when the image is
 * there, or to a sentence naming the image, the host and the reason when it cannot be had.
 */
export async function ensureImage(target: DockerTarget, image: string, report: (line: string) => void): Promise<string | null> {
  try {
    await target.docker.getImage(image).inspect();
    return null;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) return `Cannot inspect image "${image}" on ${target.description}: ${(error as Error).message}`;
  }
  report(`flowbench: image "${image}" is not on ${target.description}; pulling it`);
  try {
    const stream = (await target.docker.pull(image)) as NodeJS.ReadableStream;
    let lastReport = 0;
    await new Promise<void>((resolve, reject) => {
      target.docker.modem.followProgress(
        stream,
        (error: Error | null, output: PullProgress[]) => {
          const failed = error?.message ?? output.find((event) => event.error)?.error;
          if (failed) reject(new Error(failed));
          else resolve();
        },
        (event: PullProgress) => {
          const now = Date.now();
          if (event.error || now - lastReport < 1000) return;
          lastReport = now;
          report(`flowbench: pulling ${image}: ${[event.id, event.status, event.progress].filter(Boolean).join(' ')}`);
        },
      );
    });
    report(`flowbench: pulled ${image}`);
    return null;
  } catch (error) {
    const reason = (error as Error).message.replace(/^\(HTTP code \d+\) [a-z ]+ - /, '').trim();
    return (
      `image "${image}" is not on ${target.description} and pulling it failed: ${reason}. ` +
      `Load or build it there (docker load / docker build), or pick another with @docker(image=...) or --image.`
    );
  }
}

