import { EditHistory, newFlowSource, sameSnapshot, type FlowSnapshot } from '../editor/index.js';
import type { ApiEditor } from './create-api.js';

/** The one place the API binds to engine/editor's history and templates. */
export const defaultEditor: ApiEditor = {
  newHistory: () => new EditHistory<FlowSnapshot>(200, sameSnapshot),
  newFlowSource: (template, flowName) => newFlowSource(template, flowName),
};
