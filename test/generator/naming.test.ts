import { describe, expect, it } from 'vitest';
import { camelCase, NameScope, operationNameFromPath, pascalCase } from '../../generator/naming.js';

const IDENT = /^[\p{ID_Start}_$][\p{ID_Continue}$]*$/u;

describe('camelCase / pascalCase', () => {
  it.each([
    ['getPet', 'getPet', 'GetPet'],
    ['get_pet', 'getPet', 'GetPet'],
    ['GetPet', 'getPet', 'GetPet'],
    ['get-pet-by-ID', 'getPetById', 'GetPetById'],
    ['list pets', 'listPets', 'ListPets'],
    ['HTTPServer', 'httpServer', 'HttpServer'],
    ['123abc', '_123abc', '_123abc'],
    ['delete', 'delete_', 'Delete'],
    ['class', 'class_', 'Class'],
    ['constructor', 'constructor_', 'Constructor'],
    ['Promise', 'promise', 'Promise_'],
    ['__proto__', 'proto', 'Proto'],
    ['', 'unnamed', 'Unnamed'],
    ['../../x', 'x', 'X'],
    ['café_crème', 'caféCrème', 'CaféCrème'],
    ['名前', '名前', '名前'],
    ['a*/b', 'aB', 'AB'],
    ['x${alert(1)}', 'xAlert1', 'XAlert1'],
    ['"); process.exit(1); ("', 'processExit1', 'ProcessExit1'],
  ])('%j -> %s / %s', (input, camel, pascal) => {
    expect(camelCase(input)).toBe(camel);
    expect(pascalCase(input)).toBe(pascal);
    expect(camelCase(input)).toMatch(IDENT);
    expect(pascalCase(input)).toMatch(IDENT);
  });

  it('derives a method name from method and path', () => {
    expect(operationNameFromPath('GET', '/pets/{petId}')).toBe('getPetsByPetId');
    expect(operationNameFromPath('post', '/')).toBe('post');
    expect(operationNameFromPath('options', '/a-b/{c_d}/e')).toBe('optionsABByCDE');
  });
});

describe('NameScope', () => {
  it('keeps colliding names apart, deterministically and case-insensitively', () => {
    const scope = new NameScope(['call']);
    const names = ['getPet', 'get_pet', 'GetPet', 'call'].map((n) => scope.claim(camelCase(n)));
    expect(names).toEqual(['getPet', 'getPet2', 'getPet3', 'call2']);
    const again = new NameScope(['call']);
    expect(['getPet', 'get_pet', 'GetPet', 'call'].map((n) => again.claim(camelCase(n)))).toEqual(names);
  });
});
