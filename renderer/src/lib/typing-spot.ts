/**
 * Where typing goes in a step that has no code of its own yet (a card just dropped from the
 * palette): over its placeholder (`pass`, or a scaffold such as `self.items = []`), or on a new
 * first line above its `self.next(...)`. A step with code of its own has no such spot.
 */
const PLACEHOLDER = /^(pass|self\.\w+ = (\[\]|"[^"\n]*"))$/;
const NEXT = /^self\.next\(.*\)$/;

export interface TypingSpot {
  readonly from: number;
  readonly to: number;
  /** A line break goes after the typed text (typing starts a new first line). */
  readonly newLine: boolean;
}

export function typingSpot(body: string): TypingSpot | null {
  let offset = 0;
  let from = -1;
  let to = -1;
  let sawNext = false;
  for (const line of body.split('\n')) {
    const t = line.trim();
    if (PLACEHOLDER.test(t) && !sawNext) {
      if (from < 0) from = offset;
      to = offset + line.length;
    } else if (NEXT.test(t)) sawNext = true;
    else if (t !== '') return null;
    offset += line.length + 1;
  }
  if (from >= 0) return { from, to, newLine: false };
  return sawNext ? { from: 0, to: 0, newLine: true } : null;
}
