import { describe, expect, it } from 'vitest';
import { addProject, loadKeyStore, removeProject, selectProject } from './projects';

class MemoryStorage implements Storage {
  private readonly map = new Map<string, string>();
  get length() { return this.map.size; }
  clear() { this.map.clear(); }
  getItem(key: string) { return this.map.get(key) ?? null; }
  key(index: number) { return [...this.map.keys()][index] ?? null; }
  removeItem(key: string) { this.map.delete(key); }
  setItem(key: string, value: string) { this.map.set(key, value); }
}

describe('the browser key store', () => {
  it('keeps several projects and remembers the current one', () => {
    const storage = new MemoryStorage();
    let store = loadKeyStore(storage);
    expect(store).toEqual({ projects: [], current: null });
    store = addProject(store, { name: 'shop', key: 'k1' }, storage);
    store = addProject(store, { name: 'bank', key: 'k2' }, storage);
    expect(store.projects.map((p) => p.name)).toEqual(['bank', 'shop']);
    expect(loadKeyStore(storage).current?.name).toBe('bank');
    store = selectProject(store, 'shop', storage);
    expect(loadKeyStore(storage).current).toEqual({ name: 'shop', key: 'k1' });
    store = addProject(store, { name: 'shop', key: 'k3' }, storage);
    expect(loadKeyStore(storage).projects).toHaveLength(2);
    store = removeProject(store, 'shop', storage);
    expect(loadKeyStore(storage).current?.name).toBe('bank');
  });

  it('survives a damaged entry', () => {
    const storage = new MemoryStorage();
    storage.setItem('sightline.projects', '{not json');
    expect(loadKeyStore(storage).projects).toEqual([]);
  });
});
