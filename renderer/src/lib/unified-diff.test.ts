import { describe, expect, test } from 'vitest';
import { sideBySide } from './unified-diff.js';

const DIFF = `--- a/train_flow.py
+++ b/train_flow.py
@@ -3,5 +3,6 @@ class TrainFlow(FlowSpec):
     @step
     def train(self):
-        self.model = self.alpha * 2
+        self.model = self.alpha * 3
+        self.extra = 1
 
         self.next(self.end)
@@ -20,2 +21,1 @@
-    # old
     pass
\\ No newline at end of file
`;

describe('sideBySide', () => {
  test('pairs removed lines with the added lines that replace them, numbering both sides', () => {
    const hunks = sideBySide(DIFF);
    expect(hunks.map((h) => h.header)).toEqual(['@@ -3,5 +3,6 @@ class TrainFlow(FlowSpec):', '@@ -20,2 +21,1 @@']);
    const rows = hunks[0]!.rows;
    expect(rows.map((r) => r.kind)).toEqual(['same', 'same', 'changed', 'added', 'same', 'same']);
    expect(rows[2]).toEqual({ kind: 'changed', left: { line: 5, text: '        self.model = self.alpha * 2' }, right: { line: 5, text: '        self.model = self.alpha * 3' } });
    expect(rows[3]).toEqual({ kind: 'added', left: null, right: { line: 6, text: '        self.extra = 1' } });
    expect(rows[4]).toEqual({ kind: 'same', left: { line: 6, text: '' }, right: { line: 7, text: '' } });
    expect(rows[5]!.right?.line).toBe(8);
    expect(hunks[1]!.rows).toEqual([
      { kind: 'removed', left: { line: 20, text: '    # old' }, right: null },
      { kind: 'same', left: { line: 21, text: '    pass' }, right: { line: 21, text: '    pass' } },
    ]);
  });

  test('an empty diff has no hunks', () => {
    expect(sideBySide('')).toEqual([]);
  });
});
