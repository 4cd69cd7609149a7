import { describe, expect, test } from 'vitest';
import { chooseChart, columnRole, plotValue } from './chart-kind.js';

const col = (name: string, type: string) => ({ name, type });

describe('chooseChart', () => {
  test('a category and a number: bars', () => {
    expect(chooseChart([col('run_id', 'VARCHAR'), col('accuracy', 'DOUBLE')], [])).toEqual({ kind: 'bar', x: 'run_id', y: 'accuracy' });
  });
  test('a time and a number: a line over time', () => {
    expect(chooseChart([col('started_at', 'TIMESTAMP WITH TIME ZONE'), col('n', 'BIGINT')], [])).toEqual({ kind: 'line', x: 'started_at', y: 'n' });
  });
  test('two numbers: a line when x only grows, else a scatter', () => {
    const columns = [col('epoch', 'INTEGER'), col('loss', 'DOUBLE')];
    expect(chooseChart(columns, [{ epoch: 1, loss: 0.9 }, { epoch: 2, loss: 0.5 }])?.kind).toBe('line');
    expect(chooseChart(columns, [{ epoch: 2, loss: 0.9 }, { epoch: 1, loss: 0.5 }])?.kind).toBe('scatter');
  });
  test('one number alone: a histogram', () => {
    expect(chooseChart([col('value', 'DECIMAL(18,3)')], [])).toEqual({ kind: 'histogram', x: 'value', y: 'value' });
  });
  test('no number: no chart', () => {
    expect(chooseChart([col('name', 'VARCHAR'), col('tags', 'VARCHAR[]')], [])).toBeNull();
  });
  test('roles and plotted values', () => {
    expect(columnRole(col('x', 'UBIGINT'))).toBe('number');
    expect(columnRole(col('x', 'DATE'))).toBe('time');
    expect(columnRole(col('x', 'BOOLEAN'))).toBe('text');
    expect(plotValue('9007199254740993', 'number')).toBe(9007199254740992);
    expect(plotValue('2024-01-02T00:00:00Z', 'time')).toBe(Date.UTC(2024, 0, 2));
    expect(plotValue(null, 'number')).toBeNaN();
    expect(plotValue('', 'number')).toBeNaN();
  });
});
