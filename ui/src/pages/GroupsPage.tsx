import { useMemo } from 'react';
import type { Group, Page } from '../api/types';
import { useApi } from '../auth/ProjectContext';
import { GroupTable } from '../components/GroupTable';
import { TimeRangePicker } from '../components/TimeRangePicker';
import { useRange } from '../lib/useRange';
import type { SightlineApi } from '../api/client';

/** The list page of sessions or of users: a time range and the groups active in it. */
function GroupsPage({ title, load, noun, base, empty }: {
  title: string;
  load(api: SightlineApi, params: URLSearchParams): Promise<Page<Group>>;
  noun: [string, string];
  base: string;
  empty: string;
}) {
  const api = useApi();
  const { range, from, to, setRange } = useRange();
  const query = useMemo(() => new URLSearchParams({ from: String(from), to: String(to) }), [from, to]);
  const bound = useMemo(() => (params: URLSearchParams) => load(api, params), [api, load]);
  return (
    <div className="page page-fill">
      <div className="page-head">
        <h1>{title}</h1>
        <TimeRangePicker range={range} onChange={setRange} />
      </div>
      <GroupTable load={bound} query={query} noun={noun} empty={empty}
        linkTo={(id) => `${base}/${encodeURIComponent(id)}`} />
    </div>
  );
}

const loadSessions = (api: SightlineApi, params: URLSearchParams) => api.sessions(params);
const loadUsers = (api: SightlineApi, params: URLSearchParams) => api.users(params);

export function SessionsPage() {
  return <GroupsPage title="Sessions" load={loadSessions} noun={['session', 'sessions']} base="/sessions"
    empty="No sessions in this time range. Traces join a session when they carry a sessionId." />;
}

export function UsersPage() {
  return <GroupsPage title="Users" load={loadUsers} noun={['user', 'users']} base="/users"
    empty="No users in this time range. Traces name their user with user.id." />;
}
