import { describe, expect, test } from 'vitest';
import { listItems } from './run-views.js';

describe('listItems', () => {
  test('reads the items of a list preview, strings and nesting kept whole', () => {
    expect(listItems("['x', 'y', 'z']")).toEqual(["'x'", "'y'", "'z'"]);
    expect(listItems("[1, (2, 3), 'a,b', \"it's\"]")).toEqual(['1', '(2, 3)', "'a,b'", '"it\'s"']);
  });
  test('a cut-short preview or something else is no list', () => {
    expect(listItems('[1, 2, ...]')).toBeNull();
    expect(listItems('{1: 2}')).toBeNull();
  });
});
