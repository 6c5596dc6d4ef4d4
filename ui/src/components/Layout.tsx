import { NavLink, Outlet, useNavigate } from 'react-router';
import { useProjects } from '../auth/ProjectContext';
import { viewerTimeZone } from '../lib/format';

const NAV = [
  { to: '/', label: 'Overview', end: true },
  { to: '/traces', label: 'Traces', end: false },
  { to: '/errors', label: 'Errors', end: false },
  { to: '/sessions', label: 'Sessions', end: false },
  { to: '/users', label: 'Users', end: false },
  { to: '/datasets', label: 'Datasets', end: false },
  { to: '/evaluators', label: 'Evaluators', end: false },
  { to: '/prompts', label: 'Prompts', end: false },
  { to: '/settings', label: 'Settings', end: false },
];

export function Layout() {
  const { store, switchTo, signOut } = useProjects();
  const navigate = useNavigate();
  const current = store.current!;
  return (
    <div className="app">
      <header className="topbar">
        <NavLink to="/" className="brand">Sightline</NavLink>
        <nav className="nav">
          {NAV.map((n) => <NavLink key={n.to} to={n.to} end={n.end}>{n.label}</NavLink>)}
        </nav>
        <div className="topbar-right">
          <span className="muted tz" title="Times are shown in your browser's time zone">{viewerTimeZone()}</span>
          <label className="project-switcher">
            <span className="muted">Project</span>
            <select aria-label="Project" value={current.name} onChange={(e) => {
              if (e.target.value === '+') {
                navigate('/sign-in');
              } else {
                switchTo(e.target.value);
                navigate('/');
              }
            }}>
              {store.projects.map((p) => <option key={p.name} value={p.name}>{p.name}</option>)}
              <option value="+">Add a project…</option>
            </select>
          </label>
          <button type="button" className="link" onClick={() => signOut(current.name)}
            title="Forget this project's key in this browser">Sign out</button>
        </div>
      </header>
      <main className="content"><Outlet /></main>
    </div>
  );
}
