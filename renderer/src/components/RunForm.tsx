/**
 * The run dialog: one typed input per flow parameter (defaults filled in, values checked before
 * sending), the backend and tags. The values last used for a flow come back the next time.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { ParameterSpec } from '../../../engine/graph/flow-graph.js';
import { needsEvaluation } from '../../../engine/runtime/parameters.js';
import { defaultAsText, parseParameterValue } from '../lib/parameters.js';

export interface RunRequest {
  parameters: Record<string, string>;
  tags: string[];
  backend: 'local' | 'docker';
}

interface Remembered {
  parameters: Record<string, string>;
  tags: string;
  backend: 'local' | 'docker';
}

const storageKey = (path: string): string => `flowbench.run-form:${path}`;

export function loadRemembered(path: string): Remembered | null {
  try {
    const raw = localStorage.getItem(storageKey(path));
    return raw === null ? null : (JSON.parse(raw) as Remembered);
  } catch {
    return null;
  }
}

function remember(path: string, value: Remembered): void {
  try {
    localStorage.setItem(storageKey(path), JSON.stringify(value));
  } catch {
    // no storage: the engine's recentParameters still fill the form next time
  }
}

/** The error for one field's text, or null when it is acceptable. */
export function validateParameter(p: Pick<ParameterSpec, 'name' | 'type' | 'required'>, text: string): string | null {
  if (text.trim() === '') return p.required ? `${p.name} is required.` : null;
  const parsed = parseParameterValue(p.name, p.type, text);
  return 'error' in parsed ? parsed.error : null;
}

/** The select's option for a bool field's text: what the engine reads it as. */
function boolChoice(name: string, text: string): string {
  if (text.trim() === '') return '';
  const parsed = parseParameterValue(name, 'bool', text);
  return 'value' in parsed ? String(parsed.value) : '';
}

/**
 * The text a field starts with: its default as the CLI would take it. A default written as code
 * (`default=lambda ctx: ...`) is evaluated by the engine at run start, so its field starts empty
 * and says so (see `placeholderOf`) rather than showing code that would be sent as text.
 */
function initialText(p: ParameterSpec): string {
  return needsEvaluation(p) ? '' : defaultAsText(p);
}

/** What an empty field stands for: the default the run will use. */
function placeholderOf(p: ParameterSpec): string | undefined {
  if (needsEvaluation(p)) return `default: ${defaultAsText(p)} (evaluated at run start)`;
  const text = defaultAsText(p);
  return text === '' ? undefined : `default: ${text}`;
}

/**
 * The request for what the form shows: every field's text, as the user sees it, for the engine
 * to convert with the parameter's type (the conversion the form validated with). An empty field
 * is left out: the run takes the default its placeholder names. So the value a step sees never
 * depends on whether a field was touched.
 */
export function shownParameters(parameters: readonly ParameterSpec[], values: Readonly<Record<string, string>>): Record<string, string> {
  const sent: Record<string, string> = {};
  for (const p of parameters) {
    const text = values[p.name] ?? '';
    if (text.trim() !== '') sent[p.name] = text;
  }
  return sent;
}

interface Props {
  path: string;
  parameters: readonly ParameterSpec[];
  /** Values of the last run started from this file, from the engine. */
  recent?: Readonly<Record<string, string>>;
  onSubmit(request: RunRequest): void;
  onCancel(): void;
}

export function RunForm({ path, parameters, recent, onSubmit, onCancel }: Props) {
  const remembered = useMemo(() => loadRemembered(path), [path]);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(parameters.map((p) => [p.name, remembered?.parameters[p.name] ?? recent?.[p.name] ?? initialText(p)])),
  );
  const [tags, setTags] = useState(remembered?.tags ?? '');
  const [backend, setBackend] = useState<'local' | 'docker'>(remembered?.backend ?? 'local');
  const [touched, setTouched] = useState(false);
  const errors = Object.fromEntries(parameters.map((p) => [p.name, validateParameter(p, values[p.name] ?? '')]));
  const invalid = Object.values(errors).some((e) => e !== null);
  const form = useRef<HTMLFormElement>(null);
  // Opened (Mod+Enter) with the first field focused, or the Run button when there is none:
  // Enter then runs.
  useEffect(() => {
    const first = form.current?.querySelector<HTMLElement>('[data-param-field]') ?? form.current?.querySelector<HTMLElement>('[data-testid="run-form-submit"]');
    first?.focus();
  }, []);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setTouched(true);
    if (invalid) return;
    const tagList = tags.split(',').map((t) => t.trim()).filter(Boolean);
    remember(path, { parameters: values, tags, backend });
    onSubmit({ parameters: shownParameters(parameters, values), tags: tagList, backend });
  };

  return (
    <form
      ref={form}
      className="run-form"
      onSubmit={submit}
      noValidate
      aria-label="Run the flow"
      onKeyDown={(e) => {
        // Enter runs from any field (a select or the backend too), but a JSON textarea keeps its line breaks.
        if (e.key !== 'Enter' || e.shiftKey || (e.target as HTMLElement).tagName === 'TEXTAREA' || (e.target as HTMLElement).tagName === 'BUTTON') return;
        e.preventDefault();
        form.current?.requestSubmit();
      }}
    >
      <h2>Run</h2>
      {parameters.length === 0 && <p className="muted">This flow has no parameters.</p>}
      {parameters.map((p) => {
        const error = touched || (values[p.name] ?? '') !== initialText(p) ? errors[p.name] : null;
        const id = `param-${p.name}`;
        return (
          <div key={p.name} className={`field${error ? ' invalid' : ''}`}>
            <label htmlFor={id}>
              {p.name} <span className="type-badge">{p.type}</span>
              {p.required && <span className="required"> required</span>}
            </label>
            {p.type === 'bool' ? (
              <select id={id} data-param-field value={boolChoice(p.name, values[p.name] ?? '')} onChange={(e) => setValues({ ...values, [p.name]: e.currentTarget.value })}>
                {!p.required && <option value="">{placeholderOf(p) ? `(${placeholderOf(p)})` : '(none)'}</option>}
                <option value="true">true</option>
                <option value="false">false</option>
              </select>
            ) : p.type === 'json' ? (
              <textarea id={id} data-param-field rows={2} placeholder={placeholderOf(p)} value={values[p.name] ?? ''} onChange={(e) => setValues({ ...values, [p.name]: e.currentTarget.value })} />
            ) : (
              <input
                id={id}
                data-param-field
                inputMode={p.type === 'int' ? 'numeric' : p.type === 'float' ? 'decimal' : undefined}
                placeholder={placeholderOf(p)}
                value={values[p.name] ?? ''}
                onChange={(e) => setValues({ ...values, [p.name]: e.currentTarget.value })}
              />
            )}
            {p.help !== null && <small className="muted">{p.help}</small>}
            {error && (
              <small className="error" role="alert">
                {error}
              </small>
            )}
          </div>
        );
      })}
      <div className="field">
        <label htmlFor="run-backend">Backend</label>
        <select id="run-backend" value={backend} onChange={(e) => setBackend(e.currentTarget.value as 'local' | 'docker')}>
          <option value="local">local (this machine)</option>
          <option value="docker">docker</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="run-tags">Tags (comma-separated)</label>
        <input id="run-tags" value={tags} placeholder="experiment, baseline" onChange={(e) => setTags(e.currentTarget.value)} />
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" data-testid="run-form-submit" disabled={touched && invalid}>
          Run
        </button>
      </div>
    </form>
  );
}
