import { describe, expect, it } from 'vitest';
import { describeDevice } from '../../src/modules/sessions/describe-device.js';

describe("a session's device, read from the User-Agent", () => {
  it.each([
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86', 'Edge', '131.0.2903.86', 'Windows', '10.0', 'desktop'],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox', '133.0', 'Linux', '', 'desktop'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', 'Safari', '17.5', 'iOS', '17.5', 'mobile'],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36', 'Chrome', '131.0.0.0', 'Android', '14', 'mobile'],
    ['Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1', 'Safari', '16.6', 'iOS', '16.6', 'tablet'],
    ['curl/8.5.0', '', '', '', '', ''],
  ])('%s', (ua, browser, browserVersion, os, osVersion, deviceType) => {
    expect(describeDevice(ua, '198.51.100.4')).toEqual({ userAgent: ua, ip: '198.51.100.4', browser, browserVersion, os, osVersion, deviceType });
  });

  it('is absent when the sign-in carried neither address nor User-Agent', () => {
    expect(describeDevice(undefined, undefined)).toBeUndefined();
    expect(describeDevice(undefined, '::1')).toMatchObject({ ip: '::1', userAgent: '', deviceType: '' });
  });
});
