/**
 * generator/emit/openapi-typescript.ts is the only module that imports openapi-typescript:
 * each function it hands out must be the one the package's public entry exports (it imports
 * them from their own modules only to skip the entry's Redocly bundler at start-up), and its
 * helper corrections must apply to what openapi-typescript prints — an upgrade that breaks
 * either fails here, not in a user's output.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as entry from 'openapi-typescript';
import * as adapter from '../../generator/emit/openapi-typescript.js';

const HELPERS = {
  readable: 'export type Readable<T> = T extends $Write<any> ? never : T extends object ? { [K in keyof T]: Readable<T[K]> } : T;',
  withRequired: 'type WithRequired<T, K extends keyof T> = T & {\n    [P in K]-?: T[P];\n};',
};

describe('the openapi-typescript adapter', () => {
  it('hands out exactly the functions of the public entry', () => {
    const names = Object.keys(adapter).filter((n) => !['patchHelper', 'patchHelpers'].includes(n));
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect((adapter as Record<string, unknown>)[name], name).toBe((entry as Record<string, unknown>)[name]);
  });

  it('is the only generator module that imports openapi-typescript', async () => {
    const root = path.resolve(import.meta.dirname, '../../generator');
    const offenders: string[] = [];
    for (const file of await readdir(root, { recursive: true })) {
      if (!file.endsWith('.ts') || file.endsWith('.d.ts') || file === path.join('emit', 'openapi-typescript.ts')) continue;
      if (/from 'openapi-typescript[/']/.test(await readFile(path.join(root, file), 'utf8'))) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });

  it('corrects the helpers it knows and leaves other declarations alone', () => {
    expect(adapter.patchHelper(HELPERS.readable)).toBe('export type Readable<T> = T extends $Write<any> ? never : T extends Binary ? T : T extends object ? { [K in keyof T]: Readable<T[K]> } : T;');
    expect(adapter.patchHelper(HELPERS.withRequired)).toBe('type WithRequired<T, K extends keyof NonNullable<T>> = T & {\n    [P in K]-?: NonNullable<T>[P];\n};');
    expect(adapter.patchHelper('type Other<T> = T;')).toBe('type Other<T> = T;');
    expect(adapter.patchHelpers(`${HELPERS.readable}\n${HELPERS.withRequired}\n`)).toBe(`${adapter.patchHelper(HELPERS.readable)}\n${adapter.patchHelper(HELPERS.withRequired)}\n`);
  });

  it('refuses a known helper whose text changed (an upgrade to review)', () => {
    expect(() => adapter.patchHelper('type WithRequired<T, K extends keyof T> = Required<T>;')).toThrow(/openapi-typescript\.ts must be updated/);
  });
});
