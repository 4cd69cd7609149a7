/**
 * Every canvas operation as data. `applyEdit(source, edit)` turns one of these into a new
 * version of the flow file; the UI and the API only ever send these objects.
 */
import type { FlowGraph, ParameterType } from '../graph/index.js';

/**
 * The kind a person picks from the palette when adding a step. This is the *intended* kind of a
 * new step; the graph's own `StepKind` (engine/graph/structure.ts) is derived from transitions.
 */
export const StepKind = {
  step: 'step',
  branch: 'branch',
  foreach: 'foreach',
  join: 'join',
  switch: 'switch',
} as const;
export type StepKind = (typeof StepKind)[keyof typeof StepKind];

/** The kinds that open paths: what `makeSplit` turns a step into. */
export type SplitKind = Extract<StepKind, 'branch' | 'foreach' | 'switch'>;

/** A value written as a Python literal: strings, numbers, True/False/None, lists and dicts. */
export type DecoratorArgValue =
  | string
  | number
  | boolean
  | null
  | DecoratorArgValue[]
  | { [k: string]: DecoratorArgValue };

/** A parameter's type as the inspector offers it; the same names the graph reports. */
export type ParamType = ParameterType;

export type FlowEdit =
  /**
   * A new step of a palette kind, wired: a plain step or join is one method; a branch is the
   * split `name` with two targets and their join; a foreach is the split over the list
   * `foreach` (default `items`, scaffolded `self.<list> = []`), its body and the join; a switch
   * is the split with two cases. With `between`, it is inserted into that edge (the new steps
   * go right after `from`); without, it goes before `end`, unconnected.
   */
  | { type: 'addStep'; name: string; kind: StepKind; between?: { from: string; to: string }; foreach?: string }
  /** Turns a plain step into a split of `kind` with new, wired steps that continue where it went. */
  | { type: 'makeSplit'; step: string; kind: SplitKind; foreach?: string }
  /** The list a foreach fans out over (`self.<list> = []` is scaffolded when the step does not set it). */
  | { type: 'setForeach'; step: string; foreach: string }
  /** The attribute a switch chooses its case by (scaffolded with the first case when unset). */
  | { type: 'setSwitchCondition'; step: string; condition: string }
  /** Renames one case value of a switch; where it goes stays. */
  | { type: 'renameCase'; step: string; from: string; to: string }
  /** linear: becomes a branch on a second target; branch: add target; foreach: set target; switch: add case. */
  | { type: 'connect'; from: string; to: string; caseValue?: string }
  | { type: 'disconnect'; from: string; to: string }
  /** Also removes every `self.next` reference to it. */
  | { type: 'deleteStep'; name: string }
  /** The method and every reference in `self.next` calls. */
  | { type: 'renameStep'; from: string; to: string }
  | { type: 'duplicateStep'; name: string; newName: string }
  | { type: 'setDecorator'; step: string; name: string; args: Record<string, DecoratorArgValue> }
  | { type: 'removeDecorator'; step: string; name: string }
  | { type: 'setDocstring'; step: string; docstring: string | null }
  /** Body text without indentation; the docstring is kept. */
  | { type: 'setStepBody'; step: string; body: string }
  | {
      type: 'addParameter';
      name: string;
      default?: DecoratorArgValue;
      paramType?: ParamType;
      help?: string;
      required?: boolean;
    }
  | {
      type: 'updateParameter';
      name: string;
      newName?: string;
      default?: DecoratorArgValue;
      paramType?: ParamType;
      help?: string | null;
      required?: boolean;
    }
  | { type: 'removeParameter'; name: string }
  /** Flow-wide defaults, e.g. `@docker(image=...)` on the class. */
  | { type: 'setFlowDecorator'; name: string; args: Record<string, DecoratorArgValue> }
  | { type: 'removeFlowDecorator'; name: string }
  /** Methods' source text copied from a flow; names are made unique. */
  | { type: 'pasteSteps'; source: string };

export type EditResult =
  | { ok: true; source: string; graph: FlowGraph }
  | { ok: false; reason: string };
