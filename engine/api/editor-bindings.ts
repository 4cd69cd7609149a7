import type { ApiEditor, FlowTemplate } from './create-api.js';
import type { SourceHistory } from './open-flows.js';

/**
 * The one place the API binds to engine/editor's history and templates.
 *
 * TEMPORARY: engine/editor's `EditHistory` and `newFlowSource` had not landed when the API was
 * written, so a two-stack history and minimal templates stand in for them here. When they land,
 * this file becomes two imports; nothing else in the API changes.
 */
export const defaultEditor: ApiEditor = {
  newHistory: () => new StackHistory(),
  newFlowSource: (template, flowName) => minimalTemplate(template, flowName),
};

/** Undo steps kept per file. */
const LIMIT = 200;

export class StackHistory implements SourceHistory {
  private readonly undos: { before: string; after: string }[] = [];
  private readonly redos: { before: string; after: string }[] = [];

  record(before: string, after: string): void {
    this.undos.push({ before, after });
    if (this.undos.length > LIMIT) this.undos.shift();
    this.redos.length = 0;
  }

  undo(_current: string): string | null {
    const step = this.undos.pop();
    if (!step) return null;
    this.redos.push(step);
    return step.before;
  }

  redo(_current: string): string | null {
    const step = this.redos.pop();
    if (!step) return null;
    this.undos.push(step);
    return step.after;
  }

  get canUndo(): boolean {
    return this.undos.length > 0;
  }

  get canRedo(): boolean {
    return this.redos.length > 0;
  }

  clear(): void {
    this.undos.length = 0;
    this.redos.length = 0;
  }
}

function minimalTemplate(template: FlowTemplate, flowName: string): string {
  const head = `from flowbench import FlowSpec, step\n\n\nclass ${flowName}(FlowSpec):\n`;
  const end = `    @step\n    def end(self):\n        pass\n\n\nif __name__ == "__main__":\n    ${flowName}()\n`;
  switch (template) {
    case 'empty':
      return `${head}    @step\n    def start(self):\n        self.next(self.end)\n\n${end}`;
    case 'branch':
      return `${head}    @step\n    def start(self):\n        self.next(self.a, self.b)\n\n    @step\n    def a(self):\n        self.x = 1\n        self.next(self.join)\n\n    @step\n    def b(self):\n        self.x = 2\n        self.next(self.join)\n\n    @step\n    def join(self, inputs):\n        self.total = sum(i.x for i in inputs)\n        self.next(self.end)\n\n${end}`;
    case 'foreach':
    case 'pandas':
      return `${head}    @step\n    def start(self):\n        self.items = [1, 2, 3]\n        self.next(self.process, foreach="items")\n\n    @step\n    def process(self):\n        self.result = self.input * 2\n        self.next(self.join)\n\n    @step\n    def join(self, inputs):\n        self.results = [i.result for i in inputs]\n        self.next(self.end)\n\n${end}`;
  }
}
