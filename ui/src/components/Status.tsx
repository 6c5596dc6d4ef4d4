import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import { useProjects } from '../auth/ProjectContext';
import type { AsyncState } from '../lib/useAsync';

export function Loading({ what = 'Loading' }: { what?: string }) {
  return <div className="state state-loading" role="status"><span className="spinner" aria-hidden /> {what}…</div>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}

/** An API failure in plain words: unreachable server, refused key, or the server's message. */
export function ErrorNotice({ error }: { error: unknown }) {
  const { store, signOut } = useProjects();
  if (error instanceof ApiError && error.unauthorized && store.current) {
    const name = store.current.name;
    return (
      <div className="state state-error" role="alert">
        The server refused the API key of project “{name}”. It may have been revoked.{' '}
        <button type="button" className="link" onClick={() => signOut(name)}>Sign in again</button>
      </div>
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="state state-error" role="alert">
      {error instanceof ApiError && error.unreachable ? <strong>Server unreachable. </strong> : null}
      {message}
    </div>
  );
}

/** Renders loading and error states of an async load, and `children` with its data. */
export function Async<T>({ state, loading, children }: {
  state: AsyncState<T>;
  loading?: string;
  children: (data: T) => ReactNode;
}) {
  if (state.status === 'loading') {
    return <Loading what={loading} />;
  }
  if (state.status === 'error') {
    return <ErrorNotice error={state.error} />;
  }
  return <>{children(state.data)}</>;
}
