import { describe, expect, it } from 'vitest';
import { splitUrl } from '../../../runtime/src/client/node-transport.js';

// The undici transport sends origin + path without a URL parse per call (splitUrl): it must send what
// undici.request's WHATWG parse would, or hand the URL to undici.request.
describe('splitUrl', () => {
  const parsed = (url: string) => {
    const u = new URL(url);
    return { origin: u.origin, path: `${u.pathname}${u.search}` };
  };

  it('gives the parsed origin and path+query of plain URLs', () => {
    for (const url of [
      'http://127.0.0.1:8080/v1/pets/1',
      'https://api.example.com/repos/a-b/c.d?per_page=2&q=x%20y',
      'http://localhost:3000/items/%E2%9C%93?filter=a,b;c=d&x=1:2@3',
      'https://example.com/',
      'https://example.com/a/b.json?x=../y',
    ]) {
      expect(splitUrl(url), url).toEqual(parsed(url));
    }
  });

  it('leaves to undici.request every URL a parse would change or that is not plain http(s)', () => {
    for (const url of [
      'http://EXAMPLE.com/a', // host case
      'http://example.com:80/a', // default port
      'http://user:secret@example.com/a', // userinfo
      'http://example.com/a/../b', // dot segments
      'http://example.com/a/%2e%2E/b',
      'http://example.com/a/.',
      'http://example.com/a b', // encoded by a parse
      "http://example.com/a?q='x'",
      'http://example.com/a#frag',
      'http://example.com/a\\b',
      'http://example.com?x=1', // no path
      'ftp://example.com/a',
      'not a url/a',
    ]) {
      expect(splitUrl(url), url).toBeUndefined();
    }
  });
});
