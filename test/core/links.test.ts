import { linkMatches, normaliseLink } from '../../src/core/links.js';

it.each([
  ['https://maps.apple.com', 'https://maps.apple.com/?q=x', true],
  ['https://maps.apple.com', 'https://maps.apple.com', true],
  ['https://maps.apple.com', 'http://maps.apple.com/', false],
  ['https://maps.apple.com', 'https://maps.apple.com.evil.example/', false],
  ['https://*.sharepoint.com/*', 'https://contoso.sharepoint.com/sites/a', true],
  ['https://*.sharepoint.com/*', 'https://contoso.sharepoint.com', true],
  ['https://*.sharepoint.com/*', 'https://sharepoint.com.evil.example/', false],
  ['http://*teams.microsoft.com/l/*', 'http://teams.microsoft.com/l/meetup-join/1', true],
  ['http://*teams.microsoft.com/l/*', 'http://teams.microsoft.com/channel', false],
  ['https://to-do.microsoft.com/sharing*', 'https://to-do.microsoft.com/sharing?x=1', true],
  ['HTTPS://Maps.Apple.com', 'https://maps.apple.com/x', true],
])('%s matches %s: %s', (pattern, url, expected) => {
  expect(linkMatches(pattern, url)).toBe(expected);
});

it.each([
  ['https://contoso.example/app/*', true],
  ['  https://contoso.example/  ', true],
  ['ftp://contoso.example/', false],
  ['https://', false],
  ['https://*/*', false],
  ['https://con toso.example/', false],
  ['wbx', false],
])('a person may give %j as a universal link: %s', (raw, ok) => {
  expect(normaliseLink(raw).ok).toBe(ok);
});
