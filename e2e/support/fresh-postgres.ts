/** Drops and recreates the browser tests' PostgreSQL database, named by E2E_DATABASE_URL. */
import postgres from 'postgres';

const target = new URL(process.env.E2E_DATABASE_URL!);
const name = target.pathname.slice(1);
if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Refusing to recreate database "${name}"`);
const server = new URL(target);
server.pathname = '/postgres';
const sql = postgres(server.toString(), { max: 1, onnotice: () => {} });
await sql.unsafe(`drop database if exists ${name} with (force)`);
await sql.unsafe(`create database ${name}`);
await sql.end();
