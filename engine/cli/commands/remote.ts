import { ErrorCode, FlowbenchError } from '../../errors/flowbench-error.js';
import { addRemote, remoteInfos, removeRemote } from '../../sync/remotes.js';
import type { CommandContext } from '../command-context.js';
import { formatTable } from '../output.js';

/**
 * `flowbench remote add NAME s3://BUCKET/PREFIX [--endpoint URL] [--region R] [--profile P]`,
 * `remote list [--json]`, `remote remove NAME`.
 */
export async function remoteCommand(context: CommandContext): Promise<number> {
  const [action, name, url] = context.positionals;
  const { values, settings, output } = context;
  switch (action) {
    case 'add': {
      if (name === undefined || url === undefined) {
        throw new FlowbenchError(ErrorCode.badArgument, 'flowbench remote add: write "flowbench remote add NAME s3://BUCKET/PREFIX [--endpoint URL] [--region R] [--profile P]".');
      }
      const remotes = await addRemote(settings.home, name, {
        url,
        ...(values.endpoint ? { endpoint: values.endpoint } : {}),
        ...(values.region ? { region: values.region } : {}),
        ...(values.profile ? { profile: values.profile } : {}),
      });
      const added = remotes.find((remote) => remote.name === name)!;
      output.err(`Added remote ${name} → ${url}${values.endpoint ? ` at ${values.endpoint}` : ''}${added.isDefault ? ' (the default)' : ''}.`);
      return 0;
    }
    case 'remove':
    case 'rm': {
      if (name === undefined) throw new FlowbenchError(ErrorCode.badArgument, 'flowbench remote remove: name the remote to remove.');
      await removeRemote(settings.home, name);
      output.err(`Removed remote ${name} (nothing in its bucket or in this store was deleted).`);
      return 0;
    }
    case 'list':
    case undefined: {
      const remotes = remoteInfos(settings);
      if (context.json) {
        output.out(JSON.stringify(remotes));
      } else if (remotes.length === 0) {
        output.err('No remotes. Add one with "flowbench remote add NAME s3://BUCKET/PREFIX".');
      } else {
        output.out(formatTable(remotes.map((remote) => [remote.isDefault ? `${remote.name} *` : remote.name, remote.url, remote.endpoint ?? ''])));
      }
      return 0;
    }
    default:
      throw new FlowbenchError(ErrorCode.badArgument, `flowbench remote ${action}: use add, list or remove.`);
  }
}
