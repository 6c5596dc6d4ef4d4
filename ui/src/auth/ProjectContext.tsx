import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { SightlineApi } from '../api/client';
import { addProject, loadKeyStore, removeProject, selectProject, type KeyStore, type Project } from './projects';

interface ProjectState {
  store: KeyStore;
  /** The API of the current project; null before sign-in. */
  api: SightlineApi | null;
  signIn(project: Project): void;
  switchTo(name: string): void;
  signOut(name: string): void;
}

const ProjectContext = createContext<ProjectState | null>(null);

export function ProjectProvider({ children }: { children: ReactNode }) {
  const [store, setStore] = useState<KeyStore>(() => loadKeyStore());
  const key = store.current?.key;
  const state = useMemo<ProjectState>(() => ({
    store,
    api: key ? new SightlineApi(key) : null,
    signIn: (project) => setStore((s) => addProject(s, project)),
    switchTo: (name) => setStore((s) => selectProject(s, name)),
    signOut: (name) => setStore((s) => removeProject(s, name)),
  }), [store, key]);
  return <ProjectContext.Provider value={state}>{children}</ProjectContext.Provider>;
}

export function useProjects(): ProjectState {
  const state = useContext(ProjectContext);
  if (!state) {
    throw new Error('useProjects outside ProjectProvider');
  }
  return state;
}

/** The current project's API; pages behind sign-in only. */
export function useApi(): SightlineApi {
  const { api } = useProjects();
  if (!api) {
    throw new Error('useApi before sign-in');
  }
  return api;
}
