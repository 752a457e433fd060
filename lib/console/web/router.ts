import { useEffect, useState } from 'preact/hooks';

export type View = 'queue' | 'item' | 'overview' | 'tickets' | 'settings';
export type Query = Partial<Record<string, string>>;
export interface Route {
  view: View;
  id: string | null;
  query: Query;
}

/** `#/item/ESC-1`, `#/queue?status=OPEN&diagnosis=…`: the view is in the address, so it can be shared and reloaded. */
export function parseHash(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  const [view = 'queue', id] = path.split('/');
  const known: View[] = ['queue', 'item', 'overview', 'tickets', 'settings'];
  let decoded: string | null;
  try {
    decoded = id ? decodeURIComponent(id) : null;
  } catch {
    decoded = id ?? null;
  }
  return {
    view: (known as string[]).includes(view) ? (view as View) : 'queue',
    id: decoded,
    query: Object.fromEntries(new URLSearchParams(search)),
  };
}

export function go(view: View, query: Query = {}, id?: string) {
  const search = new URLSearchParams(
    Object.entries(query).filter((e): e is [string, string] => Boolean(e[1])),
  ).toString();
  location.hash = `#/${view}${id ? `/${encodeURIComponent(id)}` : ''}${search ? `?${search}` : ''}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseHash(location.hash));
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
}
