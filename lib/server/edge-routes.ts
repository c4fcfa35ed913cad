/**
 * Route handlers the edge server may call directly, without Next.js's router around them.
 *
 * The edge (lib/server/http-server.ts) is loaded by tsx, the route handlers by Next.js's
 * bundle: two separate module graphs in one process. A route module offers its handlers
 * here when Next first loads it; the registry lives on globalThis so both graphs see the
 * same one. Until a route has been offered (its first request), the edge hands its
 * requests to Next as usual, so the direct path is only ever a shortcut to the same code.
 */

/** What the edge hands a route: the request as the edge has read it. */
export interface EdgeRequest {
  /** The public URL (on APP_URL) of the request. */
  url: string;
  method: string;
  headers: Headers;
  /** The whole body (the edge has already capped it), or null for GET and HEAD. */
  body: ArrayBuffer | null;
}

export type EdgeHandler = (request: EdgeRequest) => Promise<Response>;

/** Routes the edge can answer directly, by name. */
export type EdgeRouteName = 'auth';

const registry = globalThis as unknown as {
  __gatehouseEdgeRoutes?: Partial<Record<EdgeRouteName, EdgeHandler>>;
};

/** Called by a route module when Next loads it. */
export function offerToEdge(name: EdgeRouteName, handler: EdgeHandler): void {
  registry.__gatehouseEdgeRoutes = { ...registry.__gatehouseEdgeRoutes, [name]: handler };
}

/** The handler a route has offered, if it has been loaded yet. */
export function edgeRoute(name: EdgeRouteName): EdgeHandler | undefined {
  return registry.__gatehouseEdgeRoutes?.[name];
}
