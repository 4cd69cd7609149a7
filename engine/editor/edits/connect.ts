import { assertNever } from '../../errors/assert-never.js';
import type { StepSpec } from '../../graph/index.js';
import { findStep, noSuchStep, refuse, type EditContext, type EditOutcome } from '../edit-context.js';
import type { FlowEdit } from '../edits.js';
import { addTarget, appendNextCall, argumentTarget, readNextCall } from '../next-call.js';
import { appendItem } from '../list-edit.js';
import { pyString, renderNextCall } from '../python-format.js';
import { tokensIn, TokenKind } from '../source-tokens.js';
import { splice, type Replacement } from '../text-splice.js';
import { FOREACH_PLACEHOLDER, SWITCH_PLACEHOLDER } from './add-step.js';

/** What a step without `self.next` was created as, read from its placeholder line. */
function intendedKind(source: string, step: StepSpec): 'foreach' | 'switch' | 'linear' {
  const tokens = tokensIn(source, step.bodySpan.startOffset, step.bodySpan.endOffset);
  const assigns = (attr: string, valueKind: 'list' | 'string'): boolean =>
    tokens.some((t, i) => {
      const value = tokens[i + 4];
      const atStatementStart = i === 0 || t.line !== tokens[i - 1]?.line;
      return (
        atStatementStart && t.text === 'self' && tokens[i + 1]?.text === '.' && tokens[i + 2]?.text === attr && tokens[i + 3]?.text === '=' &&
        (valueKind === 'list' ? value?.text === '[' : value?.kind === TokenKind.string)
      );
    });
  if (assigns(FOREACH_PLACEHOLDER, 'list')) return 'foreach';
  if (assigns(SWITCH_PLACEHOLDER, 'string')) return 'switch';
  return 'linear';
}

/** A case value not used yet: case1, case2, ... */
function newCaseValue(existing: readonly string[]): string {
  for (let n = existing.length + 1; ; n++) if (!existing.includes(`case${n}`)) return `case${n}`;
}

/**
 * Draws an edge. The `from` step's transition decides what that means: none yet → by the kind
 * it was created as; linear → a second target makes it a branch; branch → one more target;
 * foreach → the target is replaced; switch → one more case.
 */
export function connect(ctx: EditContext, edit: Extract<FlowEdit, { type: 'connect' }>): EditOutcome {
  const { source, lineBreak } = ctx;
  const from = findStep(ctx, edit.from);
  if (!from) return refuse(noSuchStep(edit.from));
  if (!findStep(ctx, edit.to)) return refuse(noSuchStep(edit.to));
  if (edit.to === 'start') return refuse(`Step "${edit.from}" cannot go to "start": every run begins at "start", so no step may lead back to it.`);
  if (edit.from === 'end') return refuse(`Step "end" cannot go to "${edit.to}": "end" is the last step of every run.`);
  const t = from.transition;
  const kindNow = t.kind === 'end' ? intendedKind(source, from) : t.kind;
  if (edit.from === edit.to && kindNow !== 'switch') {
    return refuse(`Step "${edit.from}" cannot go to itself: only a switch may loop back (self.next({...}, condition="...")).`);
  }
  const unchanged: EditOutcome = { ok: true, source };
  const one = (r: Replacement): EditOutcome => ({ ok: true, source: splice(source, [r]) });

  if (t.kind === 'end') {
    const kind = kindNow;
    const call =
      kind === 'foreach'
        ? renderNextCall({ kind: 'foreach', target: edit.to, foreach: FOREACH_PLACEHOLDER })
        : kind === 'switch'
          ? renderNextCall({ kind: 'switch', cases: [[edit.caseValue ?? 'case1', edit.to]], condition: SWITCH_PLACEHOLDER })
          : renderNextCall({ kind: 'targets', targets: [edit.to] });
    return one(appendNextCall(source, ctx.graph, from, call, lineBreak));
  }
  const call = readNextCall(source, from);
  if (!call) return refuse(`Step "${edit.from}" has a self.next(...) call that is not closed; fix it in the code first.`);
  switch (t.kind) {
    case 'linear':
    case 'branch':
      if (t.targets.includes(edit.to)) return unchanged;
      return one(addTarget(source, call, edit.to, lineBreak));
    case 'foreach': {
      const target = call.positional[0];
      if (!target) return one(addTarget(source, call, edit.to, lineBreak));
      if (argumentTarget(target) === edit.to) return unchanged;
      return one({ start: target.start, end: target.end, text: `self.${edit.to}` });
    }
    case 'switch': {
      if (!call.dict) return refuse(`Step "${edit.from}" switches on something other than a {...} literal; edit its self.next in the code.`);
      const existing = call.dict.entries.map((e) => e.key);
      if (edit.caseValue !== undefined) {
        const entry = call.dict.entries.find((e) => e.key === edit.caseValue);
        if (entry) return one({ start: entry.valueStart, end: entry.valueEnd, text: `self.${edit.to}` });
      } else if (t.targets.includes(edit.to)) {
        return unchanged;
      }
      const caseValue = edit.caseValue ?? newCaseValue(existing);
      return one(appendItem(source, call.dict.entries, call.dict.closeStart, `${pyString(caseValue)}: self.${edit.to}`, lineBreak));
    }
    default:
      return assertNever(t, 'transition');
  }
}
