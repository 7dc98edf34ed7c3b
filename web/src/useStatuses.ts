import type { Status } from "./api/client";
import { useApi } from "./context";
import { useAsync } from "./useAsync";

export function useStatuses() {
  const api = useApi();
  const loaded = useAsync(async () => (await api.statuses()).items, [api]);
  const byId = new Map<string, Status>((loaded.data ?? []).map((s) => [s.id, s]));
  return { ...loaded, statuses: loaded.data ?? [], byId };
}
