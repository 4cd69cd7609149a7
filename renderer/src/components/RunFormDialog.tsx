/** The run form in a dialog, wired to the open flow and the run store. */
import { useFlowStore } from '../stores/flow-store.js';
import { useRunStore } from '../stores/run-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { Dialog } from './Dialog.js';
import { RunForm } from './RunForm.js';

export function RunFormDialog() {
  const doc = useFlowStore((s) => s.doc);
  const graph = useFlowStore((s) => s.graph);
  const close = (): void => useUiStore.getState().openDialog(null);
  if (doc === null || graph === null) return null;
  return (
    <Dialog label="Run the flow">
      <RunForm
        path={doc.path}
        parameters={graph.parameters}
        recent={doc.recentParameters}
        onCancel={close}
        onSubmit={(r) => {
          close();
          useUiStore.getState().setBottom('timeline');
          void useRunStore.getState().start(doc.path, r.parameters, r.tags, r.backend);
        }}
      />
    </Dialog>
  );
}
