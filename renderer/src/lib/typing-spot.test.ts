import { describe, expect, test } from 'vitest';
import { typingSpot } from './typing-spot.js';

describe('typingSpot', () => {
  test('a new step: typing starts a first line above its self.next', () => {
    expect(typingSpot('self.next(self.join)')).toEqual({ from: 0, to: 0, newLine: true });
  });
  test('a placeholder or scaffold is typed over', () => {
    expect(typingSpot('pass')).toEqual({ from: 0, to: 4, newLine: false });
    const body = 'self.letters = []\nself.next(self.body, foreach="letters")';
    expect(typingSpot(body)).toEqual({ from: 0, to: 'self.letters = []'.length, newLine: false });
  });
  test('a step with code of its own has no spot', () => {
    expect(typingSpot('self.x = 1\nself.next(self.end)')).toBeNull();
    expect(typingSpot('print(1)')).toBeNull();
  });
});
