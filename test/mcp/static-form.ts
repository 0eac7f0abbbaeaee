import { expect } from 'vitest';

/**
 * Does what a user does with an authorization link of a static-credential connection: opens the
 * hosted page, then submits the form (its CSRF cookie and hidden field included).
 */
export async function submitCredentialForm(link: string, fields: Record<string, string>): Promise<void> {
  const page = await fetch(link);
  expect(page.status).toBe(200);
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
  const csrf = /name="csrf_token" value="([^"]+)"/.exec(await page.text())?.[1];
  expect(csrf).toBeTruthy();
  const res = await fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ csrf_token: csrf!, ...fields }).toString(),
    redirect: 'manual',
  });
  expect(res.status).toBeLessThan(400);
}
