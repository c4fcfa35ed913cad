// The bare Next.js page: rendered per request, like Gatehouse's pages (which carry a CSP
// nonce), with one client-side link, so its first load is the framework's own JavaScript.
import Link from 'next/link';
import { headers } from 'next/headers';

export default async function Page() {
  const agent = (await headers()).get('user-agent') ?? '';
  return (
    <main>
      <h1>Bare Next.js page</h1>
      <p>Rendered for {agent.length > 0 ? 'a browser' : 'someone'}.</p>
      <Link href="/">This page again</Link>
    </main>
  );
}
