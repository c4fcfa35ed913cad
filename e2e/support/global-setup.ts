import fs from 'node:fs';

/** Each run starts from an empty embedded database. Runs before the web server starts. */
export default function globalSetup() {
  fs.rmSync('.data/e2e', { recursive: true, force: true });
}
