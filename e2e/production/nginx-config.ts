/** The nginx side of the production browser tests: where it lives and how its template is filled in. */
import path from 'node:path';
import {
  PROD_HTTP_PORT,
  PROD_HTTPS_PORT,
  PROD_INSTANCE_PORTS,
  PROD_ORIGIN,
  RUN_SUFFIX,
} from '../support/ports';

export const NGINX_DIR = path.resolve(`.data/e2e-prod${RUN_SUFFIX}/nginx`);
export const ACCESS_LOG = path.join(NGINX_DIR, 'access.log');

export const PROD_ENV_FOR_NGINX = {
  GATEHOUSE_SERVER_NAME: 'localhost',
  GATEHOUSE_APP_URL: PROD_ORIGIN,
  GATEHOUSE_HTTPS_PORT: String(PROD_HTTPS_PORT),
  GATEHOUSE_HTTP_PORT: String(PROD_HTTP_PORT),
  GATEHOUSE_INSTANCE_1: `127.0.0.1:${PROD_INSTANCE_PORTS[0]}`,
  GATEHOUSE_INSTANCE_2: `127.0.0.1:${PROD_INSTANCE_PORTS[1]}`,
};

/** Fills in ${GATEHOUSE_…} names the way envsubst would; a name left unfilled is an error, not an empty string. */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\$\{(GATEHOUSE_[A-Z0-9_]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`deploy/nginx template: no value for ${name}`);
    return value;
  });
}
