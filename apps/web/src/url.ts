import { useSearchParams } from 'react-router-dom';

/**
 * A page's filters, sort and page in the address, so that a view can be bookmarked and sent. A
 * change of anything but the page itself goes back to the first page.
 */
export function useUrlState(): [URLSearchParams, (changes: Record<string, string | null>) => void] {
  const [params, setParams] = useSearchParams();
  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('skip' in changes)) next.delete('skip');
    setParams(next);
  };
  return [params, update];
}
