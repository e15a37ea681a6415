/**
 * The request facts behind the local trust checks (adapters/teams/trust.ts) that a loopback test cannot
 * produce over HTTP: a peer on another machine, and the Host header forms a browser or proxy sends.
 */
import { describe, expect, it } from 'vitest';
import { hostName, isLoopbackAddress, notLocal, notLocalPage } from '../../adapters/teams/trust.ts';

const facts = (remoteAddress: string, headers: Record<string, string> = { host: 'localhost:3978' }) => ({
  socket: { remoteAddress },
  headers,
});

describe('local trust', () => {
  it.each(['192.168.1.20', '10.0.0.5', '::ffff:192.168.1.20', 'fe80::1', '', '0.0.0.0'])(
    'refuses a peer at %j, whatever the Host says',
    (address) => {
      expect(isLoopbackAddress(address)).toBe(false);
      expect(notLocal(facts(address))).toMatchObject({ status: 403, code: 'NotLocal' });
      expect(notLocalPage(facts(address, { host: 'localhost', 'x-sagebot-key': 'k' }), 'k')).toMatchObject({
        code: 'NotLocal',
      });
    },
  );

  it.each(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])('accepts a loopback peer at %s', (address) => {
    expect(notLocal(facts(address))).toBeUndefined();
  });

  it('reads host names from Host headers, and refuses ones that are not plain host[:port]', () => {
    expect(hostName('[::1]:3978')).toBe('::1');
    expect(hostName('LOCALHOST')).toBe('LOCALHOST');
    expect(hostName('127.0.0.1:80')).toBe('127.0.0.1');
    for (const bad of ['', 'localhost@evil.example', 'localhost/x', 'a b', 'localhost:99999999'])
      expect(hostName(bad)).toBeUndefined();
    expect(notLocal(facts('127.0.0.1', {}))).toMatchObject({ code: 'ForeignHost' });
  });
});
