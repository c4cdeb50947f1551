import { describe, expect, it } from 'vitest';
import { httpOverride } from './http-option.models.js';

const configured = { enabled: false, host: '127.0.0.1', port: 8080 };

describe('run --http', () => {
  it('without a value turns the server on at the configured address', () => {
    expect(httpOverride(true, configured)).toEqual({ enabled: true, host: '127.0.0.1', port: 8080 });
  });

  it('takes a port alone and keeps the configured host (loopback by default)', () => {
    expect(httpOverride('8081', configured)).toEqual({ enabled: true, host: '127.0.0.1', port: 8081 });
  });

  it('takes host:port, and an IPv6 host in brackets', () => {
    expect(httpOverride('0.0.0.0:9000', configured)).toEqual({ enabled: true, host: '0.0.0.0', port: 9000 });
    expect(httpOverride('[::1]:9000', configured)).toEqual({ enabled: true, host: '::1', port: 9000 });
  });

  it('refuses anything else in one line that names the flag', () => {
    expect(() => httpOverride('localhost', configured)).toThrow(/^--http: expected \[host:\]port/);
    expect(() => httpOverride('70000', configured)).toThrow(/--http/);
  });
});
