import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { ProjectProvider, useProjects } from './auth/ProjectContext';
import { Layout } from './components/Layout';
import { Loading } from './components/Status';
import { DatasetPage } from './pages/DatasetPage';
import { DatasetsPage } from './pages/DatasetsPage';
import { ErrorsPage } from './pages/ErrorsPage';
import { EvaluatorsPage } from './pages/EvaluatorsPage';
import { PromptPage } from './pages/PromptPage';
import { PromptsPage } from './pages/PromptsPage';
import { SessionsPage, UsersPage } from './pages/GroupsPage';
import { SessionPage } from './pages/SessionPage';
import { SettingsPage } from './pages/SettingsPage';
import { SignInPage } from './pages/SignInPage';
import { TracePage } from './pages/TracePage';
import { TracesPage } from './pages/TracesPage';
import { UserPage } from './pages/UserPage';

// The dashboard's charting library is loaded only when the dashboard is opened.
const OverviewPage = lazy(() => import('./pages/OverviewPage').then((m) => ({ default: m.OverviewPage })));

function AppRoutes() {
  const { store } = useProjects();
  if (!store.current) {
    return <SignInPage />;
  }
  // Keyed by project: switching projects drops every page's state and data.
  return (
    <Routes key={store.current.name}>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route element={<Layout />}>
        <Route index element={<Suspense fallback={<Loading what="Loading the dashboard" />}><OverviewPage /></Suspense>} />
        <Route path="traces" element={<TracesPage />} />
        <Route path="traces/:traceId" element={<TracePage />} />
        <Route path="errors" element={<ErrorsPage />} />
        <Route path="sessions" element={<SessionsPage />} />
        <Route path="sessions/:sessionId" element={<SessionPage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="users/:userId" element={<UserPage />} />
        <Route path="datasets" element={<DatasetsPage />} />
        <Route path="datasets/:name" element={<DatasetPage />} />
        <Route path="evaluators" element={<EvaluatorsPage />} />
        <Route path="prompts" element={<PromptsPage />} />
        <Route path="prompts/:name" element={<PromptPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <ProjectProvider>
        <AppRoutes />
      </ProjectProvider>
    </BrowserRouter>
  );
}
