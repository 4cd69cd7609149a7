/** A step's decorators as fields; leaving a changed field writes its decorator. */
import { useMemo } from 'react';
import type { StepSpec } from '../../../engine/graph/flow-graph.js';
import { DECORATOR_FIELDS, decoratorEdit, fieldValues } from '../../../engine/editor/decorator-fields.js';
import { useFlowStore } from '../stores/flow-store.js';
import { useUiStore } from '../stores/ui-store.js';

export function DecoratorForm({ step, readOnly }: { step: StepSpec; readOnly: boolean }) {
  const initial = useMemo(() => fieldValues(step), [step]);
  const values = useMemo(() => ({ ...initial }), [initial]);

  const commit = (key: string, value: string): void => {
    if (value === initial[key]) return;
    values[key] = value;
    const field = DECORATOR_FIELDS.find((f) => f.key === key);
    if (field === undefined) return;
    const result = decoratorEdit(step.name, field.decorator, values, step.decorators.find((d) => d.name === field.decorator));
    if (result === null) return;
    if ('error' in result) {
      useUiStore.getState().toast(result.error);
      return;
    }
    void useFlowStore.getState().edit(result.edit);
  };

  return (
    <fieldset className="decorator-form" disabled={readOnly}>
      <legend>Decorators</legend>
      <div className="field-grid">
        {DECORATOR_FIELDS.map((f) => (
          <label key={`${step.name}:${f.key}:${initial[f.key]}`} className={`field field-${f.kind}`}>
            <span>{f.label}</span>
            {f.kind === 'env' ? (
              <textarea aria-label={f.label} rows={2} defaultValue={initial[f.key]} onBlur={(e) => commit(f.key, e.currentTarget.value)} />
            ) : (
              <input
                aria-label={f.label}
                inputMode={f.kind === 'number' ? 'decimal' : undefined}
                placeholder={f.placeholder}
                defaultValue={initial[f.key]}
                onBlur={(e) => commit(f.key, e.currentTarget.value)}
                onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
              />
            )}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
