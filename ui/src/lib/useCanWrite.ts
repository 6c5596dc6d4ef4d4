import { useApi } from '../auth/ProjectContext';
import { useAsync } from './useAsync';

/**
 * Whether the signed-in key may write: false for a read-only key and while its role is being
 * asked, true for a server too old to say (it refuses what the key may not do, with its message).
 */
export function useCanWrite(): boolean {
  const api = useApi();
  const identity = useAsync(() => api.currentKey(), [api]);
  if (identity.status === 'done') {
    return identity.data.role !== 'read';
  }
  return identity.status === 'error';
}
