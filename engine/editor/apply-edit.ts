import { assertNever } from '../errors/assert-never.js';
import { parseFlow } from '../graph/index.js';
import type { EditContext, EditOutcome } from './edit-context.js';
import type { EditResult, FlowEdit } from './edits.js';
import { connect } from './edits/connect.js';
import { deleteStep } from './edits/delete-step.js';
import { disconnect } from './edits/disconnect.js';
import { setDocstring } from './edits/docstring.js';
import { duplicateStep } from './edits/duplicate-step.js';
import { removeFlowDecorator, setFlowDecorator } from './edits/flow-decorators.js';
import { addParameter, removeParameter, updateParameter } from './edits/parameters.js';
import { pasteSteps } from './edits/paste-steps.js';
import { renameStep } from './edits/rename-step.js';
import { addStructure, makeSplit, renameCase, setForeach, setSwitchCondition } from './edits/split.js';
import { setStepBody } from './edits/step-body.js';
import { removeDecorator, setDecorator } from './edits/step-decorators.js';
import { lineBreakOf } from './indentation.js';
import { structuralRegression } from './validate.js';

function run(ctx: EditContext, edit: FlowEdit): EditOutcome {
  switch (edit.type) {
    case 'addStep':
      return addStructure(ctx, edit);
    case 'makeSplit':
      return makeSplit(ctx, edit);
    case 'setForeach':
      return setForeach(ctx, edit);
    case 'setSwitchCondition':
      return setSwitchCondition(ctx, edit);
    case 'renameCase':
      return renameCase(ctx, edit);
    case 'connect':
      return connect(ctx, edit);
    case 'disconnect':
      return disconnect(ctx, edit);
    case 'deleteStep':
      return deleteStep(ctx, edit);
    case 'renameStep':
      return renameStep(ctx, edit);
    case 'duplicateStep':
      return duplicateStep(ctx, edit);
    case 'setDecorator':
      return setDecorator(ctx, edit);
    case 'removeDecorator':
      return removeDecorator(ctx, edit);
    case 'setDocstring':
      return setDocstring(ctx, edit);
    case 'setStepBody':
      return setStepBody(ctx, edit);
    case 'addParameter':
      return addParameter(ctx, edit);
    case 'updateParameter':
      return updateParameter(ctx, edit);
    case 'removeParameter':
      return removeParameter(ctx, edit);
    case 'setFlowDecorator':
      return setFlowDecorator(ctx, edit);
    case 'removeFlowDecorator':
      return removeFlowDecorator(ctx, edit);
    case 'pasteSteps':
      return pasteSteps(ctx, edit);
    default:
      return assertNever(edit, 'flow edit');
  }
}

/**
 * Applies one canvas edit to a flow's source. Pure: no disk, no UI. The user's code, comments
 * and formatting outside the changed span are kept byte for byte. An edit that would make the
 * flow structurally invalid (a loop that is not a switch, an edge into `start` or out of `end`,
 * a join that splits, an unknown step, a bad or taken name) is refused with a sentence saying
 * why; an unfinished flow (a step without `self.next`) is not.
 *
 * @example
 * const result = applyEdit(source, { type: 'connect', from: 'start', to: 'train' });
 * if (result.ok) writeFileSync(path, result.source);
 * else showToast(result.reason); // 'Step "end" cannot go to "train": ...'
 */
export function applyEdit(source: string, edit: FlowEdit): EditResult {
  const before = parseFlow(source);
  let outcome: EditOutcome;
  try {
    outcome = run({ source, graph: before, lineBreak: lineBreakOf(source) }, edit);
  } catch (error) {
    // A codemod bug must not take the app down; the file is left as it was.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `The ${edit.type} edit could not be applied (${message}); the file was left unchanged.` };
  }
  if (!outcome.ok) return outcome;
  const after = parseFlow(outcome.source);
  const reason = structuralRegression(before, after, { allowSyntaxErrors: edit.type === 'setStepBody' });
  if (reason) return { ok: false, reason };
  return { ok: true, source: outcome.source, graph: after };
}
