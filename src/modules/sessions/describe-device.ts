/** SessionDetails.device: what the User-Agent header says about the device, read by a few well-known patterns. */
export interface DeviceDescription {
  userAgent: string;
  os: string;
  osVersion: string;
  browser: string;
  browserVersion: string;
  deviceType: string;
  ip: string;
}

// Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari", Android also says "Linux".
const BROWSERS: Array<[string, RegExp]> = [
  ['Edge', /Edg(?:e|A|iOS)?\/([\d.]+)/],
  ['Opera', /OPR\/([\d.]+)/],
  ['Firefox', /(?:Firefox|FxiOS)\/([\d.]+)/],
  ['Chrome', /(?:Chrome|CriOS)\/([\d.]+)/],
  ['Safari', /Version\/([\d.]+).*Safari\//],
];
const SYSTEMS: Array<[string, RegExp]> = [
  ['Windows', /Windows NT ([\d.]+)/],
  ['iOS', /(?:iPhone|iPad|iPod).*? OS ([\d_]+)/],
  ['macOS', /Mac OS X ([\d_.]+)/],
  ['Android', /Android ([\d.]+)/],
  ['ChromeOS', /CrOS \S+ ([\d.]+)/],
  ['Linux', /Linux()/],
];

function firstMatch(ua: string, table: Array<[string, RegExp]>): [string, string] {
  for (const [name, re] of table) {
    const m = re.exec(ua);
    if (m) return [name, (m[1] ?? '').replace(/_/g, '.')];
  }
  return ['', ''];
}

export function describeDevice(userAgent: string | undefined, ip: string | undefined): DeviceDescription | undefined {
  if (!userAgent && !ip) return undefined;
  const ua = userAgent ?? '';
  const [browser, browserVersion] = firstMatch(ua, BROWSERS);
  const [os, osVersion] = firstMatch(ua, SYSTEMS);
  // A client we cannot place (curl, an SDK) gets no device type rather than a guessed one.
  const deviceType = !browser && !os ? '' : /iPad|Tablet/.test(ua) ? 'tablet' : /Mobi|iPhone|Android/.test(ua) ? 'mobile' : 'desktop';
  return { userAgent: ua, os, osVersion, browser, browserVersion, deviceType, ip: ip ?? '' };
}
