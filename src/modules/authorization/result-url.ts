/** Latchkey's own result page for an authorization request (post_user_verify_redirect_url, form and callback results). */
export const resultUrl = (publicUrl: string, requestId: string): string => `${publicUrl}/connect/result/${requestId}`;
