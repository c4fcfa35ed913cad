const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value from a cookie can name a session row at all (a UUID): anything else is no session. */
export function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
