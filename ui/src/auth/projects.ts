/** The browser's key store: one entry per project, each an API key with a name the user chose. */

export interface Project {
  name: string;
  key: string;
}

const PROJECTS = 'sightline.projects';
const CURRENT = 'sightline.currentProject';

export interface KeyStore {
  projects: Project[];
  current: Project | null;
}

export function loadKeyStore(storage: Storage = localStorage): KeyStore {
  let projects: Project[] = [];
  try {
    const parsed: unknown = JSON.parse(storage.getItem(PROJECTS) ?? '[]');
    if (Array.isArray(parsed)) {
      projects = parsed.filter((p): p is Project => typeof p?.name === 'string' && typeof p?.key === 'string');
    }
  } catch {
    // a damaged entry: start over
  }
  const currentName = storage.getItem(CURRENT);
  return { projects, current: projects.find((p) => p.name === currentName) ?? projects[0] ?? null };
}

/** Adds a project (replacing one of the same name) and makes it current. */
export function addProject(store: KeyStore, project: Project, storage: Storage = localStorage): KeyStore {
  const projects = [...store.projects.filter((p) => p.name !== project.name), project]
    .sort((a, b) => a.name.localeCompare(b.name));
  return save({ projects, current: project }, storage);
}

export function selectProject(store: KeyStore, name: string, storage: Storage = localStorage): KeyStore {
  return save({ ...store, current: store.projects.find((p) => p.name === name) ?? store.current }, storage);
}

/** Forgets a project's key; another stored project, if any, becomes current. */
export function removeProject(store: KeyStore, name: string, storage: Storage = localStorage): KeyStore {
  const projects = store.projects.filter((p) => p.name !== name);
  const current = store.current?.name === name ? projects[0] ?? null : store.current;
  return save({ projects, current }, storage);
}

function save(store: KeyStore, storage: Storage): KeyStore {
  storage.setItem(PROJECTS, JSON.stringify(store.projects));
  if (store.current) {
    storage.setItem(CURRENT, store.current.name);
  } else {
    storage.removeItem(CURRENT);
  }
  return store;
}
