/** Flow-level settings: parameters (add, edit, remove) and the flow's default image. */
import { useState } from 'react';
import type { FlowGraph, ParameterSpec, PyValue } from '../../../engine/graph/flow-graph.js';
import type { FlowEdit } from '../api/contract-types.js';
import { parseParameterValue, PARAM_TYPES, type ParamType } from '../lib/parameters.js';
import { useFlowStore } from '../stores/flow-store.js';
import { useUiStore } from '../stores/ui-store.js';

type ArgValue = Extract<FlowEdit, { type: 'addParameter' }>['default'];

function defaultText(value: PyValue | undefined): string {
  if (value === undefined) return '';
  if (value !== null && typeof value === 'object' && 'expr' in value) return String(value.expr);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const edit = (e: FlowEdit): void => void useFlowStore.getState().edit(e);
const toast = (m: string): void => useUiStore.getState().toast(m);

/** The default typed as `type`, or an error sentence. Empty text means "no default". */
function typedDefault(name: string, type: ParamType, text: string): { value: ArgValue } | { error: string } {
  if (text.trim() === '') return { value: undefined };
  const parsed = parseParameterValue(name, type, text);
  return 'error' in parsed ? parsed : { value: parsed.value as ArgValue };
}

function ParameterRow({ p, readOnly }: { p: ParameterSpec; readOnly: boolean }) {
  const update = (patch: Omit<Extract<FlowEdit, { type: 'updateParameter' }>, 'type' | 'name'>): void => edit({ type: 'updateParameter', name: p.name, ...patch });
  return (
    <li className="param-row" key={`${p.name}:${defaultText(p.default)}:${p.type}`}>
      <input
        aria-label={`Name of parameter ${p.name}`}
        defaultValue={p.name}
        readOnly={readOnly}
        onBlur={(e) => e.currentTarget.value.trim() !== p.name && e.currentTarget.value.trim() !== '' && update({ newName: e.currentTarget.value.trim() })}
      />
      <select aria-label={`Type of parameter ${p.name}`} value={p.type} disabled={readOnly} onChange={(e) => update({ paramType: e.currentTarget.value as ParamType })}>
        {PARAM_TYPES.map((t) => (
          <option key={t}>{t}</option>
        ))}
      </select>
      <input
        aria-label={`Default of parameter ${p.name}`}
        placeholder="default"
        defaultValue={defaultText(p.default)}
        readOnly={readOnly}
        onBlur={(e) => {
          const text = e.currentTarget.value;
          if (text === defaultText(p.default)) return;
          const d = typedDefault(p.name, p.type, text);
          if ('error' in d) return toast(d.error);
          if (d.value !== undefined) update({ default: d.value });
        }}
      />
      <label className="inline">
        <input type="checkbox" checked={p.required} disabled={readOnly} onChange={(e) => update({ required: e.currentTarget.checked })} />
        required
      </label>
      {!readOnly && (
        <button type="button" className="icon danger" aria-label={`Remove parameter ${p.name}`} onClick={() => edit({ type: 'removeParameter', name: p.name })}>
          ✕
        </button>
      )}
    </li>
  );
}

export function FlowInspector({ graph, readOnly }: { graph: FlowGraph; readOnly: boolean }) {
  const [name, setName] = useState('');
  const [type, setType] = useState<ParamType>('str');
  const [def, setDef] = useState('');
  const image = graph.flowDecorators.find((d) => d.name === 'docker')?.args.image;

  const add = (): void => {
    const n = name.trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(n)) return toast('A parameter name is a Python identifier, like learning_rate.');
    const d = typedDefault(n, type, def);
    if ('error' in d) return toast(d.error);
    edit({ type: 'addParameter', name: n, paramType: type, ...(d.value !== undefined ? { default: d.value } : {}) });
    setName('');
    setDef('');
  };

  return (
    <div className="flow-inspector">
      <header className="inspector-header">
        <h2>{graph.flowName ?? 'Flow'}</h2>
        <span className="kind-badge">flow</span>
      </header>
      <section>
        <h3>Parameters</h3>
        {graph.parameters.length === 0 && <p className="muted">No parameters yet.</p>}
        <ul className="params">
          {graph.parameters.map((p) => (
            <ParameterRow key={`${p.name}:${defaultText(p.default)}:${p.type}:${p.required}`} p={p} readOnly={readOnly} />
          ))}
        </ul>
        {!readOnly && (
          <form
            className="param-row add"
            onSubmit={(e) => {
              e.preventDefault();
              add();
            }}
          >
            <input aria-label="New parameter name" placeholder="name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <select aria-label="New parameter type" value={type} onChange={(e) => setType(e.currentTarget.value as ParamType)}>
              {PARAM_TYPES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
            <input aria-label="New parameter default" placeholder="default" value={def} onChange={(e) => setDef(e.currentTarget.value)} />
            <button type="submit">Add</button>
          </form>
        )}
      </section>
      <section>
        <h3>Defaults for every step</h3>
        <label className="field">
          <span>Container image (@docker on the flow)</span>
          <input
            key={defaultText(image)}
            aria-label="Default image"
            placeholder="none: steps run with the local Python"
            defaultValue={defaultText(image)}
            readOnly={readOnly}
            onBlur={(e) => {
              const v = e.currentTarget.value.trim();
              if (v === defaultText(image)) return;
              edit(v === '' ? { type: 'removeFlowDecorator', name: 'docker' } : { type: 'setFlowDecorator', name: 'docker', args: { image: v } });
            }}
          />
        </label>
        <p className="muted">The backend (local or Docker) is chosen when you start a run.</p>
      </section>
    </div>
  );
}
