import { missingItemKeys, projectedFiles, subPathProblem } from '../../src/private/projection';

describe('missingItemKeys', () => {
  test('returns nothing when every key exists', () => {
    expect(missingItemKeys([{ key: 'a.conf' }], ['a.conf', 'b.conf'])).toEqual([]);
  });

  test('returns each missing key once, in order', () => {
    // GIVEN items naming two unknown keys, one twice
    const items = [{ key: 'x' }, { key: 'a.conf' }, { key: 'y' }, { key: 'x' }];
    // THEN
    expect(missingItemKeys(items, ['a.conf'])).toEqual(['x', 'y']);
  });
});

describe('projectedFiles', () => {
  test('every data key when there are no items', () => {
    expect(projectedFiles(undefined, ['b.conf', 'a.conf'])).toEqual(['a.conf', 'b.conf']);
  });

  test('an empty items list behaves like no list', () => {
    expect(projectedFiles([], ['a.conf'])).toEqual(['a.conf']);
  });

  test('only the items paths when items are given', () => {
    // GIVEN
    const items = [{ key: 'a.conf', path: 'a.example.com.conf' }, { key: 'b', path: 'sub/dir/b.txt' }];
    // THEN
    expect(projectedFiles(items, ['a.conf', 'b', 'c'])).toEqual(['a.example.com.conf', 'sub/dir/b.txt']);
  });

  test('leaves out items whose key is not in the data (the kubelet skips them)', () => {
    expect(projectedFiles([{ key: 'a', path: 'x' }, { key: 'missing', path: 'y' }], ['a'])).toEqual(['x']);
  });

  test('assumes every item exists when the data is unknown', () => {
    expect(projectedFiles([{ key: 'a', path: 'x' }, { key: 'b', path: 'y' }], undefined)).toEqual(['x', 'y']);
    expect(projectedFiles(undefined, undefined)).toEqual([]);
  });

  test('normalises ./ and duplicate slashes', () => {
    expect(projectedFiles([{ key: 'a', path: './x//y' }], ['a'])).toEqual(['x/y']);
  });
});

describe('subPathProblem', () => {
  const files = ['a.example.com.conf', 'sub/dir/b.txt'];

  test('accepts a projected file', () => {
    expect(subPathProblem('a.example.com.conf', files)).toBeUndefined();
  });

  test('accepts a directory that contains a projected file', () => {
    expect(subPathProblem('sub', files)).toBeUndefined();
    expect(subPathProblem('sub/dir/', files)).toBeUndefined();
  });

  test('accepts an empty subPath (the whole volume)', () => {
    expect(subPathProblem('', files)).toBeUndefined();
  });

  test('rejects a name the projection does not create', () => {
    expect(subPathProblem('a.conf', files)).toBe(
      "subPath 'a.conf' names no file the volume creates (files: 'a.example.com.conf', 'sub/dir/b.txt'); "
      + 'the kubelet would mount an empty directory there instead');
  });

  test('a prefix of a file name is not a directory', () => {
    expect(subPathProblem('su', files)).toBeDefined();
  });

  test('names "none" when the volume creates no file', () => {
    expect(subPathProblem('x', [])).toBe(
      "subPath 'x' names no file the volume creates (files: none); the kubelet would mount an empty directory there instead");
  });
});
