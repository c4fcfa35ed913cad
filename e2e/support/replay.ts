import { expect, type APIRequestContext } from '@playwright/test';

/**
 * The hidden fields of one server-action form on a page, as an attacker could copy them
 * from any page they (or an accomplice with more rights) can see. `pick` chooses the form
 * by something only it contains (a field name or a button label).
 */
export async function actionFormFields(
  request: APIRequestContext,
  path: string,
  pick: string,
): Promise<Record<string, string>> {
  const html = await (await request.get(path)).text();
  const form = [...html.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)]
    .map((m) => m[1]!)
    .find((f) => f.includes(pick));
  expect(form, `a form with ${pick} on ${path}`).toBeTruthy();
  const fields: Record<string, string> = {};
  for (const m of form!.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)) {
    fields[m[1]!] = (m[2] ?? '').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  }
  expect(Object.keys(fields).some((k) => k.startsWith('$ACTION'))).toBe(true);
  return fields;
}

/** Posts a server action's form directly (not through the UI), as whoever `request` is signed in as. */
export async function replayAction(
  request: APIRequestContext,
  path: string,
  fields: Record<string, string>,
  origin: string,
) {
  const response = await request.post(path, { headers: { origin }, multipart: fields });
  expect(response.status(), `replay to ${path}`).toBeLessThan(500);
  return response;
}
