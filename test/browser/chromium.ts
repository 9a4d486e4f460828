/**
 * Where the browser test finds Chromium, and how it starts it. Nothing here downloads a browser:
 * playwright-core drives the system binary (Debian's `chromium` package; `.ci/run` installs it).
 */
import { accessSync, constants } from 'node:fs';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** `CHROMIUM_PATH`, else the Debian path; undefined when neither is an executable file. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidate = env['CHROMIUM_PATH'] || DEFAULT_CHROMIUM;
  try {
    accessSync(candidate, constants.X_OK);
    return candidate;
  } catch {
    return undefined;
  }
}

/**
 * Flags that work on a closed network as root (CI runs as root, hence no sandbox): no background
 * connections, no component updates, no QUIC, no GPU. playwright-core adds --headless and a fresh
 * --user-data-dir itself.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
