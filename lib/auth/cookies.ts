/**
 * Names and flags of the auth cookies. HttpOnly and SameSite=Lax always; when the app is
 * served over https, Secure and the __Host- prefix (which browsers only accept for a
 * Secure, Path=/ cookie without Domain, so no subdomain can plant or read it).
 */
export function authCookies(secure: boolean) {
  const prefix = secure ? '__Host-' : '';
  const options = { httpOnly: true, sameSite: 'lax' as const, path: '/', secure };
  return {
    sessionToken: { name: `${prefix}gatehouse.session`, options },
    csrfToken: { name: `${prefix}gatehouse.csrf`, options },
    callbackUrl: { name: `${prefix}gatehouse.callback-url`, options },
  };
}
