import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, SightlineApi } from '../api/client';
import { useProjects } from '../auth/ProjectContext';

/** Adds a project to this browser: its API key (checked against the server) and a name for it. */
export function SignInPage() {
  const { store, signIn } = useProjects();
  const navigate = useNavigate();
  const [name, setName] = useState(store.projects.length === 0 ? 'default' : '');
  const [key, setKey] = useState('');
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setChecking(true);
    setError(null);
    try {
      await new SightlineApi(key.trim()).traces({ limit: 1 });
      signIn({ name: name.trim(), key: key.trim() });
      navigate('/');
    } catch (e) {
      setError(e instanceof ApiError && e.unauthorized
        ? 'The server does not know this API key. Check it, or create one with "./sightline key create PROJECT".'
        : e instanceof Error ? e.message : String(e));
    } finally {
      setChecking(false);
    }
  };

  return (
    <div className="sign-in">
      <form className="card sign-in-card" onSubmit={submit}>
        <h1>Sightline</h1>
        <p className="muted">
          Sign in with a project's API key. The key is kept in this browser only; add several to switch
          between projects.
        </p>
        <label>
          Project name (your label)
          <input value={name} onChange={(e) => setName(e.target.value)} required autoComplete="off" name="project" />
        </label>
        <label>
          API key
          <input value={key} onChange={(e) => setKey(e.target.value)} required type="password" name="key"
            autoComplete="off" placeholder="sl_…" />
        </label>
        {error ? <div className="state state-error" role="alert">{error}</div> : null}
        <div className="row">
          <button type="submit" className="primary" disabled={checking || !key.trim() || !name.trim()}>
            {checking ? 'Checking…' : 'Sign in'}
          </button>
          {store.current ? <button type="button" onClick={() => navigate(-1)}>Cancel</button> : null}
        </div>
      </form>
    </div>
  );
}
