/** The hosted login page's URLs; every action names its interaction in the query. */
export const LOGIN_PATH = '/ui/login';

export const loginAction = (action: string, uid: string): string => `${LOGIN_PATH}/${action}?interaction=${encodeURIComponent(uid)}`;
export const loginPageUrl = (uid: string): string => `${LOGIN_PATH}?interaction=${encodeURIComponent(uid)}`;
export const magicLinkUri = (publicUrl: string, uid: string): string => `${publicUrl}${loginAction('link', uid)}`;
export const socialStartPath = (key: string, uid: string): string => `${LOGIN_PATH}/social/${encodeURIComponent(key)}/start?interaction=${encodeURIComponent(uid)}`;
